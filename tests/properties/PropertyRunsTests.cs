using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>The replay seed of <see cref="PropertyRuns"/>: read as FsCheck prints it, and a run from it repeats case for case.</summary>
public sealed class PropertyRunsTests
{
    [Theory]
    [InlineData("12345,67891", 12345UL, 67891UL, null)]
    [InlineData("(12345,67891)", 12345UL, 67891UL, null)]
    [InlineData("StdGen (12345, 67891)", 12345UL, 67891UL, null)]
    [InlineData("17234047130667642678,3215559178322092721,94", 17234047130667642678UL, 3215559178322092721UL, 94)]
    public void A_replay_seed_is_read_as_FsCheck_prints_it(string value, ulong seed, ulong gamma, int? size)
    {
        var (rnd, s) = PropertyRuns.ParseReplay(value)!.Value;
        Assert.Equal(seed, rnd.Seed);
        Assert.Equal(gamma, rnd.Gamma);
        Assert.Equal(size, s);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12345,67890")]
    [InlineData("a,b")]
    [InlineData("1,3,x")]
    public void An_unreadable_replay_seed_is_an_error_not_a_random_run(string value) =>
        Assert.Throws<ArgumentException>(() => PropertyRuns.ParseReplay(value));

    [Fact]
    public void No_replay_seed_means_a_fresh_random_one_each_time()
    {
        Assert.Null(PropertyRuns.ParseReplay(null));
        Assert.Null(PropertyRuns.ParseReplay(" "));
        PropertyRuns.Seeded(5, null, out var first);
        PropertyRuns.Seeded(5, null, out var second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_run_from_a_printed_seed_sees_the_same_cases()
    {
        var cases = Enumerable.Range(0, 2).Select(_ => new List<(int, string)>()).ToArray();
        PropertyRuns.Seeded(20, null, out var printed);
        foreach (var seen in cases)
        {
            var config = PropertyRuns.Seeded(20, PropertyRuns.ParseReplay(printed), out var again);
            Assert.Equal(printed, again);
            Check.One(config, Prop.ForAll(ArbMap.Default.ArbFor<(int, string)>(), c =>
            {
                seen.Add(c);
                return true;
            }));
        }

        Assert.Equal(PropertyRuns.Count(20), cases[0].Count);
        Assert.Equal(cases[0], cases[1]);
    }
}
