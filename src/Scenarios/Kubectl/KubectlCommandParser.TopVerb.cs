namespace ClusterSim.Scenarios.Kubectl;

/// <summary>kubectl top pod|node (cmd/top): resource usage from the metrics API.</summary>
public static partial class KubectlCommandParser
{
    private static KubectlCommand Top(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        if (args.Count == 0)
        {
            throw new Failure(text.Length, "kubectl top: missing resource (kubectl top pod|node [NAME])");
        }

        string? sub = args[0].Text switch
        {
            "pod" or "pods" or "po" => "pod",
            "node" or "nodes" or "no" => "node",
            _ => null,
        };
        if (sub is null)
        {
            throw new Failure(args[0].Offset, $"unknown command \"{args[0].Text}\" for \"kubectl top\"");
        }

        if (args.Count > 2)
        {
            throw new Failure(args[2].Offset, $"unexpected argument \"{args[2].Text}\": kubectl top {sub} takes at most one name");
        }

        if (sub == "node" && (values.Has(Namespace) || values.Has(AllNamespaces)))
        {
            var flag = values.Has(Namespace) ? Namespace : AllNamespaces;
            throw new Failure(values.Offset(flag), $"kubectl top node: nodes are not namespaced (--{flag.Long} does not apply)");
        }

        if (args.Count == 2 && c.LabelSelector is not null)
        {
            // top_pod.go / top_node.go Validate.
            throw new Failure(args[1].Offset, "only one of NAME or --selector can be provided");
        }

        return c with
        {
            Subcommand = sub,
            Kinds = [sub == "pod" ? "Pod" : "Node"],
            Names = args.Count == 2 ? [args[1].Text] : [],
            AllNamespaces = values.Bool(AllNamespaces),
        };
    }
}
