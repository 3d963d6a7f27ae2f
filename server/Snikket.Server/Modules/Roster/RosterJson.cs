using System.Text.Json.Serialization;

namespace Snikket.Server.Modules.Roster;

/// <summary>Source-generated JSON for the group list column (no reflection, trim-safe).</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class RosterJson : JsonSerializerContext;
