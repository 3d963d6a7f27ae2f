using Snikket.Server.Modules.Blocking;

namespace Snikket.Server.Tests.Modules.Blocking;

/// <summary>XEP-0191 §5 JID matching and the list's bounds.</summary>
public sealed class BlockListTests
{
    [Theory]
    [InlineData("romeo@montague.lit/garden", "romeo@montague.lit/garden", true)]
    [InlineData("romeo@montague.lit/garden", "romeo@montague.lit/orchard", false)]
    [InlineData("romeo@montague.lit/garden", "romeo@montague.lit", false)]
    [InlineData("romeo@montague.lit", "romeo@montague.lit/garden", true)]
    [InlineData("romeo@montague.lit", "romeo@montague.lit", true)]
    [InlineData("romeo@montague.lit", "benvolio@montague.lit/garden", false)]
    [InlineData("montague.lit/garden", "montague.lit/garden", true)]
    [InlineData("montague.lit/garden", "romeo@montague.lit/garden", true)]
    [InlineData("montague.lit/garden", "romeo@montague.lit/orchard", false)]
    [InlineData("montague.lit/garden", "montague.lit", false)]
    [InlineData("montague.lit", "montague.lit", true)]
    [InlineData("montague.lit", "montague.lit/garden", true)]
    [InlineData("montague.lit", "romeo@montague.lit/garden", true)]
    [InlineData("montague.lit", "romeo@capulet.lit/montague.lit", false)]
    [InlineData("montague.lit", "montague.lit.example", false)]
    public void Jids_match_as_section_5_orders(string blocked, string from, bool expected) =>
        Assert.Equal(expected, new BlockList([blocked]).Blocks(from));

    [Fact]
    public void A_resource_with_at_and_slash_is_matched_as_a_resource()
    {
        var list = new BlockList(["romeo@montague.lit", "capulet.lit/x@y"]);

        Assert.True(list.Blocks("romeo@montague.lit/a@b/c"));
        Assert.True(list.Blocks("juliet@capulet.lit/x@y"));
        Assert.False(list.Blocks("juliet@capulet.lit/x@z"));
    }

    [Fact]
    public void An_empty_list_blocks_nothing()
    {
        Assert.False(new BlockList([]).Blocks("romeo@montague.lit/garden"));
    }

    [Fact]
    public void Adding_reports_only_what_was_new_and_refuses_to_pass_the_limit()
    {
        var list = new BlockList(["a@x"]);

        Assert.Equal(["b@x"], list.TryAdd(["a@x", "b@x", "b@x"], limit: 2));
        Assert.Null(list.TryAdd(["c@x"], limit: 2));
        Assert.Equal(["a@x", "b@x"], list.Items);
    }

    [Fact]
    public void Removing_and_clearing_report_what_was_there()
    {
        var list = new BlockList(["a@x", "b@x", "c@x"]);

        Assert.Equal(["b@x"], list.Remove(["b@x", "z@x"]));
        Assert.False(list.Blocks("b@x"));
        Assert.Equal(2, list.Clear().Count);
        Assert.Equal(0, list.Count);
    }
}
