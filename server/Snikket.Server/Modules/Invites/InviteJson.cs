using System.Text.Json.Serialization;

namespace Snikket.Server.Modules.Invites;

/// <summary>Source-generated JSON for the circle id lists stored with invites.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class InviteJson : JsonSerializerContext;
