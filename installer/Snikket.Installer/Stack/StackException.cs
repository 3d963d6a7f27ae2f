namespace Snikket.Installer.Stack;

/// <summary>The stack is not in the state a command needs; the message says what to run.</summary>
internal sealed class StackException(string message) : Exception(message);
