namespace Snikket.Server.Modules.Mam;

/// <summary>
/// One page of query results (XEP-0313 §4.3) in chronological order, with what the RSM &lt;set/&gt;
/// reports about it (XEP-0059 §2).
/// </summary>
/// <param name="Items">The page, oldest first.</param>
/// <param name="Complete">No further page in the direction of paging.</param>
/// <param name="Count">Messages matching the filters, over all pages.</param>
/// <param name="FirstIndex">Position of the page's first item among all matches (0-based).</param>
internal sealed record ArchivePage(IReadOnlyList<ArchivedMessage> Items, bool Complete, int Count, int FirstIndex);
