using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>cordon, uncordon and drain.</summary>
public static partial class KubectlCommandParser
{
    private static KubectlCommand NodeCommand(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        if (args.Count == 0)
        {
            throw new Failure(text.Length, $"kubectl {c.Verb}: a node name is required (kubectl {c.Verb} NODE)");
        }

        if (args.Count > 1)
        {
            throw new Failure(args[1].Offset, $"unexpected argument \"{args[1].Text}\": kubectl {c.Verb} takes one node");
        }

        string node = args[0].Text;
        int offset = args[0].Offset;
        int slash = node.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (ApiResources.Find(node[..slash])?.Kind != "Node")
            {
                throw new Failure(offset, $"kubectl {c.Verb} takes a node name, got \"{node}\"");
            }

            node = node[(slash + 1)..];
        }

        TimeSpan? timeout = null;
        if (c.Verb == "drain" && values.String(Timeout) is { } timeoutText)
        {
            if (!Durations.TryParse(timeoutText, out var parsed, out var durationError))
            {
                throw new Failure(values.Offset(Timeout), $"invalid argument \"{timeoutText}\" for \"--timeout\" flag: {durationError}");
            }

            timeout = parsed;
        }

        return c with
        {
            Kinds = ["Node"],
            Names = [node],
            Node = node,
            NodeOffset = offset,
            IgnoreDaemonSets = values.Bool(IgnoreDaemonSets),
            DeleteEmptyDirData = values.Bool(DeleteEmptyDirData) || values.Bool(DeleteLocalData),
            Force = values.Bool(Force),
            GracePeriod = values.Int(GracePeriod),
            Timeout = timeout,
            DisableEviction = values.Bool(DisableEviction),
        };
    }
}
