using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Kubectl;

namespace ClusterSim.Tests.Scenarios;

/// <summary>Seeded mutations of valid inputs: the loader and parsers report diagnostics and never throw.</summary>
public class RobustnessTests
{
    private const string Alphabet = " :-[]{}&*!|>'\"#,\n\t0123456789abcxyz%@`?.\\/=<()eEmiGK";

    private static string Mutate(string text, Random rng)
    {
        var chars = text.ToList();
        for (int e = rng.Next(1, 4); e > 0 && chars.Count > 0; e--)
        {
            int pos = rng.Next(chars.Count);
            switch (rng.Next(3))
            {
                case 0:
                    chars.RemoveAt(pos);
                    break;
                case 1:
                    chars.Insert(pos, Alphabet[rng.Next(Alphabet.Length)]);
                    break;
                default:
                    chars[pos] = Alphabet[rng.Next(Alphabet.Length)];
                    break;
            }
        }

        return new string(chars.ToArray());
    }

    [Fact]
    public void MutatedScenariosNeverThrow()
    {
        string text = File.ReadAllText(TestFiles.Data("scenario", "book-stack.yaml"));
        string path = TestFiles.Data("scenario", "mutated.yaml");
        var rng = new Random(42);
        for (int i = 0; i < 400; i++)
        {
            var result = ScenarioLoader.LoadText(Mutate(text, rng), path);
            Assert.All(result.Diagnostics, d => Assert.True(d.Location.Line >= 0 && d.Location.Column >= 0));
        }
    }

    [Fact]
    public void MutatedManifestsNeverThrow()
    {
        var files = Directory.GetFiles(TestFiles.Data("book")).Order(StringComparer.Ordinal).ToArray();
        var rng = new Random(7);
        for (int i = 0; i < 1500; i++)
        {
            ManifestDecoder.DecodeText(Mutate(File.ReadAllText(files[i % files.Length]), rng), "m.yaml");
        }
    }

    [Fact]
    public void RandomCommandLinesNeverThrowAndErrorsStayInside()
    {
        var rng = new Random(11);
        for (int i = 0; i < 3000; i++)
        {
            string line = new(Enumerable.Range(0, rng.Next(0, 40)).Select(_ => Alphabet[rng.Next(Alphabet.Length)]).ToArray());
            foreach (string text in new[] { "kubectl " + line, "kubectl get " + line, "kubectl drain " + line })
            {
                if (!KubectlCommandParser.TryParse(text, out _, out var error))
                {
                    Assert.InRange(error.Offset, 0, text.Length);
                }
            }

            foreach (string text in new[] { line, "random-node-crash " + line })
            {
                if (!FaultParser.TryParse(text, ["a"], ["z"], out _, out var error))
                {
                    Assert.InRange(error.Offset, 0, text.Length);
                }
            }

            foreach (string text in new[] { line, "rc/x.status.a" + line, "count(pods" + line })
            {
                if (!ConditionParser.TryParse(text, out _, out var error))
                {
                    Assert.InRange(error.Offset, 0, text.Length);
                }
            }
        }
    }
}
