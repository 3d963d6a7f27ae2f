using Snikket.Server.Modules.Mam;

namespace Snikket.Server.Tests.Modules.Mam;

public sealed class ArchiveIdsTests
{
    private static readonly long Now = DateTimeOffset.Parse("2025-06-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Fact]
    public void An_id_survives_formatting_and_parsing()
    {
        var id = new ArchiveIds().Next(Now);

        Assert.True(ArchiveIds.TryParse(ArchiveIds.Format(id), out var parsed));
        Assert.Equal(id, parsed);
    }

    [Fact]
    public void Formatted_ids_sort_like_the_numbers()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => Random.Shared.NextInt64(0, long.MaxValue)).Append(0).Append(long.MaxValue).ToList();

        var byText = ids.OrderBy(ArchiveIds.Format, StringComparer.Ordinal);

        Assert.Equal(ids.Order(), byText);
    }

    [Fact]
    public void Ids_increase_even_when_the_clock_steps_back()
    {
        var ids = new ArchiveIds();

        var first = ids.Next(Now);
        var second = ids.Next(Now - 3_600_000);
        var third = ids.Next(Now);

        Assert.True(first < second && second < third);
    }

    [Fact]
    public void Ids_continue_above_an_observed_id()
    {
        var ids = new ArchiveIds();
        var stored = ArchiveIds.FirstAt(Now + 86_400_000);

        ids.Observe(stored);

        Assert.True(ids.Next(Now) > stored);
    }

    [Fact]
    public void An_id_is_never_below_its_messages_time()
    {
        var ids = new ArchiveIds();

        var id = ids.Next(Now);

        Assert.True(id >= ArchiveIds.FirstAt(Now));
        Assert.True(id < ArchiveIds.FirstAt(Now + 1));
    }

    [Fact]
    public void Consecutive_ids_are_not_a_counter()
    {
        var ids = new ArchiveIds();

        var steps = Enumerable.Range(0, 100).Select(_ => ids.Next(Now)).Pairwise().Select(p => p.Item2 - p.Item1).Distinct();

        Assert.True(steps.Count() > 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("000000000000")]
    [InlineData("00000000000000")]
    [InlineData("000000000000i")]
    [InlineData("000000000000A")]
    [InlineData("8000000000000")]
    [InlineData("zzzzzzzzzzzzz")]
    [InlineData("0000000000 00")]
    public void Text_that_was_never_an_id_does_not_parse(string text)
    {
        Assert.False(ArchiveIds.TryParse(text, out _));
    }
}

internal static class PairwiseExtensions
{
    public static IEnumerable<(T, T)> Pairwise<T>(this IEnumerable<T> source) => source.Zip(source.Skip(1));
}
