namespace Snikket.AdminApi;

/// <summary><c>POST /admin_api/groups</c>: a new circle's name (and whether to make its group chat, once group chats exist).</summary>
public sealed record CircleCreateRequest(string Name, bool CreateMuc = false);
