namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>The actions a scenario script can take.</summary>
internal enum ScenarioStepKind
{
    /// <summary><c>Name connects</c>: connect, STARTTLS, SCRAM, bind.</summary>
    Connect,

    /// <summary><c>Name disconnects</c>: close the stream and wait for the server to close its side.</summary>
    Disconnect,

    /// <summary><c>Name sends:</c> and one or more stanzas.</summary>
    Send,

    /// <summary><c>Name receives:</c> and one or more stanzas, which must be the next ones to arrive.</summary>
    Receive,

    /// <summary><c>Name receives: nothing</c>: no stanza is waiting for this client.</summary>
    ReceiveNothing,
}
