namespace Snikket.Portal;

/// <summary>The portal's texts: <c>Resources/Strings.resx</c> (English, complete) and one file per further language.</summary>
public sealed class Strings;
