using System.Globalization;
using System.Text;
using ClusterSim.Planning.Loading;
using ClusterSim.Planning.Model;

namespace ClusterSim.Cli;

/// <summary>
/// `clustersim plan PLAN --emit-job`: a batch/v1 Indexed Job whose pod i runs `clustersim plan ... --shard i/N`
/// (i from JOB_COMPLETION_INDEX) into a shared volume, the PersistentVolumeClaim it writes to, and a second Job
/// that merges the shards into the report. The image is built by the repository's Dockerfile, which holds the
/// scenarios/ folder: the plan's paths must be paths inside it.
/// </summary>
internal static class JobManifests
{
    public const string DefaultImage = "clustersim:latest";

    public static IReadOnlyList<string> Write(string directory, PlanSpec plan, PlanRequest request, int shards, int parallelism, string image)
    {
        Directory.CreateDirectory(directory);
        var name = plan.Name.Length > 40 ? plan.Name[..40].TrimEnd('-') : plan.Name;
        File.WriteAllText(Path.Combine(directory, "job.yaml"), ShardJob(name, plan, request, shards, parallelism, image), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(directory, "merge-job.yaml"), MergeJob(name, shards, image), new UTF8Encoding(false));
        return ["job.yaml", "merge-job.yaml"];
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The plan's own arguments, repeated in every pod so each shard runs exactly the plan given here.</summary>
    private static IEnumerable<string> PlanArguments(PlanSpec plan, PlanRequest request)
    {
        var inv = CultureInfo.InvariantCulture;
        yield return "plan";
        yield return request.Path.Replace('\\', '/');
        foreach (var v in request.Vary)
        {
            yield return "--vary";
            yield return v;
        }

        foreach (var o in request.Objectives)
        {
            yield return "--objective";
            yield return o;
        }

        yield return "--runs";
        yield return plan.Runs.ToString(inv);
        yield return "--seed";
        yield return plan.BaseSeed.ToString(inv);
        yield return "--target";
        yield return plan.Target.ToString("R", inv);
        if (plan.PointVerdicts)
        {
            yield return "--point";
        }
    }

    private static string ShardJob(string name, PlanSpec plan, PlanRequest request, int shards, int parallelism, string image)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = PlanArguments(plan, request).Concat(
        [
            "--shard", string.Create(inv, $"$(JOB_COMPLETION_INDEX)/{shards}"),
            "--out", "/results/shard-$(JOB_COMPLETION_INDEX)",
        ]);
        var sb = new StringBuilder();
        sb.Append("# The plan's shards as a Kubernetes Indexed Job: pod i runs shard i of ").Append(shards.ToString(inv)).Append(" into the volume.\n");
        sb.Append("# kubectl apply -f job.yaml; kubectl wait --for=condition=complete job/").Append(name).Append("-plan --timeout=24h\n");
        sb.Append("# then: kubectl apply -f merge-job.yaml (writes /results/report), and copy it out.\n");
        sb.Append("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ").Append(name).Append("-results\n");
        sb.Append("spec:\n  accessModes: [ReadWriteMany]\n  resources:\n    requests:\n      storage: 1Gi\n---\n");
        sb.Append("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ").Append(name).Append("-plan\n");
        sb.Append("  labels: {app.kubernetes.io/name: clustersim, clustersim.io/plan: ").Append(name).Append("}\n");
        sb.Append("spec:\n");
        sb.Append("  completionMode: Indexed\n");
        sb.Append("  completions: ").Append(shards.ToString(inv)).Append('\n');
        sb.Append("  parallelism: ").Append(parallelism.ToString(inv)).Append('\n');
        sb.Append("  backoffLimitPerIndex: 2\n");
        sb.Append("  maxFailedIndexes: 0\n");
        sb.Append("  template:\n    metadata:\n      labels: {app.kubernetes.io/name: clustersim, clustersim.io/plan: ").Append(name).Append("}\n");
        sb.Append("    spec:\n      restartPolicy: Never\n      containers:\n        - name: clustersim\n          image: ").Append(image).Append('\n');
        sb.Append("          args:\n");
        foreach (var a in args)
        {
            sb.Append("            - ").Append(Quote(a)).Append('\n');
        }

        sb.Append("          env:\n");
        sb.Append("            # Set by the Job controller for Indexed Jobs; declared so $(JOB_COMPLETION_INDEX) expands in args.\n");
        sb.Append("            - name: JOB_COMPLETION_INDEX\n              valueFrom:\n                fieldRef: {fieldPath: \"metadata.annotations['batch.kubernetes.io/job-completion-index']\"}\n");
        sb.Append("          resources:\n            requests: {cpu: \"2\", memory: 2Gi}\n            limits: {memory: 4Gi}\n");
        sb.Append("          volumeMounts:\n            - {name: results, mountPath: /results}\n");
        sb.Append("      volumes:\n        - name: results\n          persistentVolumeClaim: {claimName: ").Append(name).Append("-results}\n");
        return sb.ToString();
    }

    private static string MergeJob(string name, int shards, string image)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("# Merges the shards in the volume into the report one unsharded run writes (byte for byte), in /results/report.\n");
        sb.Append("# kubectl apply -f merge-job.yaml; kubectl wait --for=condition=complete job/").Append(name).Append("-merge\n");
        sb.Append("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ").Append(name).Append("-merge\n");
        sb.Append("spec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: merge\n          image: ").Append(image).Append('\n');
        sb.Append("          args:\n            - \"plan\"\n            - \"merge\"\n");
        for (int i = 0; i < shards; i++)
        {
            sb.Append("            - \"/results/shard-").Append(i.ToString(inv)).Append("\"\n");
        }

        sb.Append("            - \"--out\"\n            - \"/results/report\"\n");
        sb.Append("          volumeMounts:\n            - {name: results, mountPath: /results}\n");
        sb.Append("      volumes:\n        - name: results\n          persistentVolumeClaim: {claimName: ").Append(name).Append("-results}\n");
        return sb.ToString();
    }
}
