namespace Snikket.Server.Modules.AdHoc;

/// <summary>Every <see cref="IAdHocCommand"/> registered in DI, by node.</summary>
internal sealed class AdHocCommands(IEnumerable<IAdHocCommand> commands)
{
    private readonly Dictionary<string, IAdHocCommand> _byNode = commands.ToDictionary(c => c.Node, StringComparer.Ordinal);

    public IReadOnlyCollection<IAdHocCommand> All => _byNode.Values;

    public IAdHocCommand? Find(string? node) => node is null ? null : _byNode.GetValueOrDefault(node);
}
