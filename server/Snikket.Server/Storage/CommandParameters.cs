using System.Data.Common;

namespace Snikket.Server.Storage;

/// <summary>Prepared-statement parameters for the append tables' row-by-row SQLite inserts.</summary>
internal static class CommandParameters
{
    /// <summary>Adds a parameter named <paramref name="name"/> to <paramref name="command"/>; each row then only sets its value.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
