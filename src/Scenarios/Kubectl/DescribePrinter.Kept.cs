using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>The describers of the kept kinds kubectl has one for that ClusterSim ports: describeSecret and describeServiceAccount (describe.go, kubectl 1.33).</summary>
public static partial class DescribePrinter
{
    /// <summary>
    /// describeSecret: name, namespace, labels, annotations, the type, then each data key with its size in bytes (values are
    /// never printed, but a service-account token's token), keys sorted; no events.
    /// </summary>
    private static void DescribeSecret(KeptObject secret, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{secret.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{secret.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", secret.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", secret.Metadata.Annotations);
        var type = secret.StringAt("type") ?? "";
        w.Write(Level0, $"\nType:\t{type}\n");
        w.Write(Level0, "\nData\n====\n");
        foreach (var (key, value) in secret.StringMapAt("data"))
        {
            if (key == "token" && type == "kubernetes.io/service-account-token")
            {
                w.Write(Level0, $"{key}:\t{System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value))}\n");
            }
            else
            {
                w.Write(Level0, $"{key}:\t{KubectlFormat.Int(ConfigMap.DecodedLength(value))} bytes\n");
            }
        }
    }

    /// <summary>
    /// describeServiceAccount: image pull secrets, mountable secrets and tokens (secrets of type service-account-token
    /// annotated with its name and uid), a named secret missing from the namespace marked "(not found)"; then its events.
    /// </summary>
    private static void DescribeServiceAccount(ClusterView view, KeptObject sa, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{sa.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{sa.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", sa.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", sa.Metadata.Annotations);
        var secrets = view.Store.List("Secret", sa.Metadata.Namespace).OfType<KeptObject>().ToList();
        var existing = secrets.Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var tokens = secrets.Where(s => s.StringAt("type") == "kubernetes.io/service-account-token"
            && s.Metadata.Annotations.GetValueOrDefault("kubernetes.io/service-account.name") == sa.Metadata.Name
            && s.Metadata.Annotations.GetValueOrDefault("kubernetes.io/service-account.uid") == sa.Metadata.Uid).Select(s => s.Metadata.Name).ToList();
        List<string> Names(string path) => sa.ListAt(path).Select(n => n is System.Text.Json.Nodes.JsonObject o ? o["name"]?.ToString() ?? "" : "").ToList();
        var pull = Names("imagePullSecrets");
        var mountable = Names("secrets");
        var missing = pull.Concat(mountable).Where(n => !existing.Contains(n)).ToHashSet(StringComparer.Ordinal);
        const string emptyHeader = "                   ";
        foreach (var (header, names) in new[] { ("Image pull secrets:", pull), ("Mountable secrets: ", mountable), ("Tokens:            ", tokens) })
        {
            if (names.Count == 0)
            {
                w.Write(Level0, $"{header}\t<none>\n");
                continue;
            }

            var prefix = header;
            foreach (var name in names)
            {
                w.Write(Level0, missing.Contains(name) ? $"{prefix}\t{name} (not found)\n" : $"{prefix}\t{name}\n");
                prefix = emptyHeader;
            }
        }

        DescribeEvents(view, view.Events.For(sa.Metadata.Uid), w);
    }
}
