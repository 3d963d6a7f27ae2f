namespace Snikket.Xmpp.Tests;

/// <summary>How a test hands its input to the parser (STYLE.md B8: every parser case, every way).</summary>
public enum Feeding
{
    /// <summary>One segment holding everything.</summary>
    Whole,

    /// <summary>One segment per byte, in one sequence.</summary>
    SegmentPerByte,

    /// <summary>Random segment sizes from a fixed seed, in one sequence.</summary>
    RandomSegments,

    /// <summary>As a PipeReader would: data arrives in random chunks, unconsumed bytes are kept and offered again.</summary>
    Incremental,
}
