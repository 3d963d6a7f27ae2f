namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>One action line of a scenario script, with its XML block for sends and receives.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Client">The client's name, as declared in a <c>[Client]</c> block.</param>
/// <param name="Line">The line of the action, for messages.</param>
/// <param name="Xml">The indented XML block (variables not yet substituted); empty for other kinds.</param>
/// <param name="XmlLine">The line where <see cref="Xml"/> starts.</param>
internal sealed record ScenarioStep(ScenarioStepKind Kind, string Client, int Line, string Xml, int XmlLine)
{
    /// <summary>The step as the script wrote it, e.g. <c>Romeo receives:</c>.</summary>
    public string Describe() => Kind switch
    {
        ScenarioStepKind.Connect => Client + " connects",
        ScenarioStepKind.Disconnect => Client + " disconnects",
        ScenarioStepKind.Send => Client + " sends:",
        ScenarioStepKind.Receive => Client + " receives:",
        _ => Client + " receives: nothing",
    };
}
