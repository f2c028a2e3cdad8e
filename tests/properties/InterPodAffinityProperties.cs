using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling.Plugins;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// One (anti-)affinity term of a generated workload: a selector "key In/NotIn values" over the pods' app or tier label,
/// a topology key (hostname, zone, or a rack label some nodes lack), and the namespaces it covers ("own", "default",
/// "team", "all" for an empty namespace selector, "blue" for a selector the team namespace matches).
/// </summary>
public sealed record TermCase(string TopologyKey, string Key, bool NotIn, IReadOnlyList<string> Values, string Namespaces)
{
    public override string ToString() =>
        $"{Key} {(NotIn ? "notin" : "in")} ({string.Join(",", Values)}) @{TopologyKey} ns={Namespaces}";

    public PodAffinityTerm ToTerm() => new()
    {
        LabelSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement(Key, NotIn ? "NotIn" : "In", Values)] },
        TopologyKey = TopologyKey,
        Namespaces = Namespaces is "default" or "team" ? [Namespaces] : [],
        NamespaceSelector = Namespaces switch
        {
            "all" => new LabelSelector(),
            "blue" => new LabelSelector { MatchLabels = { ["team"] = "blue" } },
            _ => null,
        },
    };
}

/// <summary>A generated workload: a ReplicationController whose pods carry app=rcN and a tier, with terms of each kind.</summary>
public sealed record AffinityRcCase(string Namespace, string Tier, int Replicas, int LaterReplicas, IReadOnlyList<TermCase> Affinity, IReadOnlyList<TermCase> AntiAffinity, IReadOnlyList<TermCase> Preferred)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Namespace}/{Tier} {Replicas}->{LaterReplicas} aff=[{string.Join("; ", Affinity)}] anti=[{string.Join("; ", AntiAffinity)}] pref=[{string.Join("; ", Preferred)}]");
}

/// <summary>A random small cluster with zones and racks, and a few workloads with inter-pod (anti-)affinity.</summary>
public sealed record AffinityCase(int Seed, IReadOnlyList<(string Zone, string? Rack)> Nodes, IReadOnlyList<AffinityRcCase> Rcs)
{
    public const string Hostname = "kubernetes.io/hostname";
    public const string Zone = "topology.kubernetes.io/zone";

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"seed={Seed} nodes=[{string.Join(", ", Nodes.Select(n => n.Zone + "/" + (n.Rack ?? "-")))}] rcs=[{string.Join(" | ", Rcs)}]");

    public static Gen<AffinityCase> Any =>
        from seed in Gen.Choose(1, 1_000_000)
        from nodeCount in Gen.Choose(1, 5)
        from nodes in Gen.ListOf(NodeGen, nodeCount)
        from rcCount in Gen.Choose(1, 3)
        from rcs in Gen.ListOf(RcGen, rcCount)
        select new AffinityCase(seed, [.. nodes], [.. rcs]);

    private static Gen<(string, string?)> NodeGen =>
        from zone in Gen.Elements("z1", "z2", "z3")
        from rack in Gen.Elements<string?>("r1", "r2", null)
        select (zone, rack);

    private static Gen<TermCase> TermGen =>
        from topologyKey in Gen.Elements(Hostname, Hostname, Zone, "rack")
        from byApp in Gen.Elements(true, true, false)
        from notIn in Gen.Elements(false, false, false, true)
        from values in byApp ? Gen.SubListOf("rc0", "rc1", "rc2").Where(l => l.Count > 0) : Gen.SubListOf("a", "b").Where(l => l.Count > 0)
        from ns in Gen.Elements("own", "own", "own", "default", "team", "all", "blue")
        select new TermCase(topologyKey, byApp ? "app" : "tier", notIn, [.. values], ns);

    private static Gen<AffinityRcCase> RcGen =>
        from ns in Gen.Elements("default", "default", "team")
        from tier in Gen.Elements("a", "b")
        from replicas in Gen.Choose(0, 6)
        from later in Gen.Choose(0, 6)
        from affinityCount in Gen.Elements(0, 0, 1, 2)
        from affinity in Gen.ListOf(TermGen, affinityCount)
        from antiCount in Gen.Elements(0, 1, 1, 2)
        from anti in Gen.ListOf(TermGen, antiCount)
        from preferredCount in Gen.Elements(0, 0, 1)
        from preferred in Gen.ListOf(TermGen, preferredCount)
        select new AffinityRcCase(ns, tier, replicas, later, [.. affinity], [.. anti], [.. preferred]);

    /// <summary>
    /// Builds the cluster: nodes of 4 CPUs (room for every pod, so affinity alone decides), the team namespace
    /// (team=blue), the workloads at t=0, each scaled to its later size at 2 minutes, and one pod of the first workload
    /// moved to the other tier at 1 minute.
    /// </summary>
    public Cluster Build(Action<List<Sim.Scheduling.IPlugin>>? schedulerSeam = null)
    {
        var images = new Sim.Kubelet.ImageCatalog(new Dictionary<string, Sim.Kubelet.ImageBehavior>(StringComparer.Ordinal)
        {
            ["app"] = new() { PullTime = TimeSpan.FromSeconds(2), ReadyAfter = TimeSpan.FromSeconds(1) },
        });
        var cluster = new Cluster(Seed, images: images, adjustSchedulerPlugins: schedulerSeam);
        for (int i = 0; i < Nodes.Count; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + (i + 1).ToString(CultureInfo.InvariantCulture), Labels = { [Zone] = Nodes[i].Zone } } };
            if (Nodes[i].Rack is { } rack)
            {
                node.Metadata.Labels["rack"] = rack;
            }

            node.Status.Capacity[ResourceNames.Cpu] = Quantity.FromMilli(4000);
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("8Gi");
            cluster.AddNode(node);
        }

        cluster.Api.Create(new Namespace { Metadata = { Name = "team", Labels = { ["team"] = "blue" } } });
        for (int i = 0; i < Rcs.Count; i++)
        {
            var r = Rcs[i];
            var name = "rc" + i.ToString(CultureInfo.InvariantCulture);
            var rc = new ReplicationController { Metadata = { Name = name, Namespace = r.Namespace }, Replicas = r.Replicas };
            rc.Selector["app"] = name;
            rc.Template.Metadata.Labels["app"] = name;
            rc.Template.Metadata.Labels["tier"] = r.Tier;
            var container = new Container { Name = "c", Image = "app" };
            container.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(100);
            rc.Template.Spec.Containers.Add(container);
            rc.Template.Spec.Affinity = new Affinity(
                null,
                new PodAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = [.. r.Affinity.Select(t => t.ToTerm())],
                    PreferredDuringSchedulingIgnoredDuringExecution = [.. r.Preferred.Select(t => new WeightedPodAffinityTerm(10, t.ToTerm()))],
                },
                new PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = [.. r.AntiAffinity.Select(t => t.ToTerm())],
                    PreferredDuringSchedulingIgnoredDuringExecution = [.. r.Preferred.Select(t => new WeightedPodAffinityTerm(5, t.ToTerm()))],
                });
            rc = cluster.Api.Create(rc);
            cluster.Kernel.ScheduleAt(TimeSpan.FromMinutes(2), () =>
            {
                rc.Replicas = r.LaterReplicas;
                cluster.Api.Update(rc, specChanged: true);
            });
        }

        cluster.Kernel.ScheduleAt(TimeSpan.FromMinutes(1), () =>
        {
            if (cluster.Store.List<Pod>().FirstOrDefault(p => p.Metadata.Labels.GetValueOrDefault("app") == "rc0" && p.Spec.NodeName.Length > 0) is { } pod)
            {
                pod.Metadata.Labels["tier"] = pod.Metadata.Labels["tier"] == "a" ? "b" : "a";
                cluster.Api.Update(pod);
            }
        });
        return cluster;
    }
}

/// <summary>
/// Inter-pod affinity holds at every binding: the node meets the pod's required affinity (a domain holding a pod that
/// matches all its terms, or none anywhere and the pod matches them itself) and anti-affinity, and no existing pod's
/// required anti-affinity keeps the pod out of the node's domain. The check is a brute-force reading of the store,
/// independent of the plugin's counts. Its companion shows a scheduler without InterPodAffinity is caught.
/// </summary>
public class InterPodAffinityProperties
{
    private static readonly TimeSpan RunFor = TimeSpan.FromMinutes(4);

    [Fact]
    public void NoPodIsBoundAgainstItsOrAnExistingPodsRequiredTerms()
    {
        Check.One(PropertyRuns.Config(40), Prop.ForAll(AffinityCase.Any.ToArbitrary(), c => FirstViolation(c.Build(), out _) is null));
    }

    [Fact]
    public void TheCheckCatchesASchedulerWithoutInterPodAffinity()
    {
        // More replicas than nodes, each keeping the others off its host: without the plugin two share a node.
        var crowded = AffinityCase.Any.Select(c => c with
        {
            Rcs = [new AffinityRcCase("default", "a", c.Nodes.Count + 1, c.Nodes.Count + 1, [], [new TermCase(AffinityCase.Hostname, "app", false, ["rc0"], "own")], [])],
        });
        var broken = Prop.ForAll(crowded.ToArbitrary(), c => FirstViolation(c.Build(p => p.RemoveAll(x => x is InterPodAffinity)), out _) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(5), broken));
    }

    /// <summary>The check is not vacuous: generated cases bind pods that have terms, and keep some pending for them.</summary>
    [Fact]
    public void GeneratedCasesBindPodsWithTerms()
    {
        int bound = 0;
        int refused = 0;
        foreach (var c in AffinityCase.Any.Sample(10, new Rnd(7UL), 30))
        {
            Assert.Null(FirstViolation(c.Build(), out var counts));
            bound += counts.BoundWithTerms;
            refused += counts.RefusedByAffinity;
        }

        Assert.True(bound > 20, $"only {bound} bindings of pods with required terms ({refused} refused)");
        Assert.True(refused > 10, $"only {refused} attempts refused by InterPodAffinity");
    }

    private static string? FirstViolation(Cluster cluster, out (int BoundWithTerms, int RefusedByAffinity) counts)
    {
        using (cluster)
        {
            string? violation = null;
            int bound = 0;
            int refused = 0;
            cluster.Scheduler.Observer = (pod, result) =>
            {
                if (!result.Succeeded)
                {
                    refused += result.FitError?.Diagnosis.UnschedulablePlugins.Contains(InterPodAffinity.PluginName) == true ? 1 : 0;
                    return;
                }

                if (pod.Spec.Affinity is { } a && (a.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution.Count > 0 || a.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution.Count > 0))
                {
                    bound++;
                }

                violation ??= Violation(cluster, pod);
            };
            cluster.RunUntil(RunFor);
            counts = (bound, refused);
            return violation;
        }
    }

    /// <summary>What the binding of <paramref name="pod"/> to its node breaks, or null.</summary>
    private static string? Violation(Cluster cluster, Pod pod)
    {
        var store = cluster.Store;
        var node = (Node)store.Get("Node", pod.Spec.NodeName)!;
        var labels = node.Metadata.Labels;

        // The pods the scheduler counts: bound to an existing node and not finished (terminating ones included).
        var others = store.List<Pod>()
            .Where(p => !ReferenceEquals(p, pod) && p.Spec.NodeName.Length > 0 && p.Status.Phase is not ("Succeeded" or "Failed") && store.Get("Node", p.Spec.NodeName) is Node)
            .Select(p => (Pod: p, Labels: (IReadOnlyDictionary<string, string>)((Node)store.Get("Node", p.Spec.NodeName)!).Metadata.Labels))
            .ToList();
        bool SameDomain(IReadOnlyDictionary<string, string> other, string key) =>
            labels.TryGetValue(key, out var v) && other.TryGetValue(key, out var w) && v == w;

        var affinity = pod.Spec.Affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [];
        if (affinity.Count > 0)
        {
            if (affinity.FirstOrDefault(t => !labels.ContainsKey(t.TopologyKey)) is { } missing)
            {
                return $"{pod.Metadata.Name} bound to {node.Metadata.Name}, which has no {missing.TopologyKey}";
            }

            bool MatchesAll(Pod q) => affinity.All(t => Matches(store, pod, t, q));
            var matching = others.Where(o => MatchesAll(o.Pod)).ToList();
            bool anyCounted = matching.Any(o => affinity.Any(t => o.Labels.ContainsKey(t.TopologyKey)));
            bool satisfied = affinity.All(t => matching.Any(o => SameDomain(o.Labels, t.TopologyKey)));
            if (!satisfied && !(!anyCounted && MatchesAll(pod)))
            {
                return $"{pod.Metadata.Name} bound to {node.Metadata.Name} against its required affinity";
            }
        }

        foreach (var t in pod.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
        {
            if (others.FirstOrDefault(o => Matches(store, pod, t, o.Pod) && SameDomain(o.Labels, t.TopologyKey)).Pod is { } hated)
            {
                return $"{pod.Metadata.Name} bound to {node.Metadata.Name} in the {t.TopologyKey} domain of {hated.Metadata.Name}, against its anti-affinity";
            }
        }

        foreach (var (other, otherLabels) in others)
        {
            foreach (var t in other.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            {
                if (Matches(store, other, t, pod) && SameDomain(otherLabels, t.TopologyKey))
                {
                    return $"{pod.Metadata.Name} bound to {node.Metadata.Name} in the {t.TopologyKey} domain of {other.Metadata.Name}, whose anti-affinity refuses it";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="target"/> is one of the pods <paramref name="owner"/>'s term selects: in a namespace the term
    /// names (the owner's own when it names none and has no namespace selector) or whose labels its namespace selector
    /// matches, with labels its selector matches.
    /// </summary>
    private static bool Matches(Sim.Store.ObjectStore store, Pod owner, PodAffinityTerm term, Pod target)
    {
        var ns = target.Metadata.Namespace;
        bool inNamespaces = term.Namespaces.Count == 0 && term.NamespaceSelector is null ? ns == owner.Metadata.Namespace : term.Namespaces.Contains(ns);
        bool selected = term.NamespaceSelector is { } nsSelector
            && Selector.FromLabelSelector(nsSelector).Matches(store.Get<Namespace>("", ns)?.Metadata.Labels ?? new SortedDictionary<string, string>(StringComparer.Ordinal));
        return (inNamespaces || selected) && Selector.FromLabelSelector(term.LabelSelector).Matches(target.Metadata.Labels);
    }
}
