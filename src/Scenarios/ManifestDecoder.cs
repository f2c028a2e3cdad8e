using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Decodes Kubernetes YAML manifests (one or more documents separated by `---`) into the simulator's
/// objects, as `kubectl apply -f` would send them: every field the object model has is mapped; fields real
/// Kubernetes accepts but the simulator does not simulate are kept with a warning that says so and why (once per
/// field and file, see <see cref="UnsimulatedFields"/>); unknown fields are kept with a warning; wrong types, bad quantities, unsupported kinds and the API server's validation errors
/// (<see cref="Validation.Validate"/>, after the API server's defaulting) are errors at the field's line and column.
/// </summary>
public static partial class ManifestDecoder
{
    // ------------------------------------------------------------------------------------------------
    // The kinds the decoder serves, with the apiVersions it accepts for each. To support a new kind, add
    // its row here (with a decode function) and remove it from KindsComingLater.
    // ------------------------------------------------------------------------------------------------
    private static readonly IReadOnlyList<KindEntry> Kinds =
    [
        new("Namespace", ["v1"], DecodeNamespace),
        new("Node", ["v1"], DecodeNode),
        new("Pod", ["v1"], DecodePod),
        new("ReplicationController", ["v1"], DecodeReplicationController),
        new("ReplicaSet", ["apps/v1", "apps/v1beta2", "extensions/v1beta1"], DecodeReplicaSet),
        new("Deployment", ["apps/v1", "apps/v1beta2", "extensions/v1beta1"], DecodeDeployment),
        new("Service", ["v1"], DecodeService),
        new("Endpoints", ["v1"], DecodeEndpoints),
        new("HorizontalPodAutoscaler", ["autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta2"], DecodeHorizontalPodAutoscaler),
        new("PodDisruptionBudget", ["policy/v1", "policy/v1beta1"], DecodePodDisruptionBudget),
        new("ConfigMap", ["v1"], DecodeConfigMap),
        new("PriorityClass", ["scheduling.k8s.io/v1"], DecodePriorityClass),
    ];

    /// <summary>Kinds that later issues add; until then a manifest of these kinds is an error.</summary>
    private static readonly IReadOnlyList<string> KindsComingLater = [];

    /// <summary>Decodes a manifest file; never throws for user errors (an unreadable file is a diagnostic).</summary>
    public static ManifestDecodeResult DecodeFile(string path)
    {
        var diagnostics = new DiagnosticBag();
        var objects = new List<LoadedObject>();
        if (SourceFiles.TryRead(path, out var text, out var error))
        {
            objects = Decode(new YamlSource(path, text), diagnostics);
        }
        else
        {
            diagnostics.Error(SourceLocation.WholeFile(path), error!);
        }

        return new ManifestDecodeResult(objects, diagnostics.Items.ToList());
    }

    /// <summary>Decodes manifest text; <paramref name="fileName"/> names it in diagnostics.</summary>
    public static ManifestDecodeResult DecodeText(string text, string fileName)
    {
        var diagnostics = new DiagnosticBag();
        var objects = Decode(new YamlSource(fileName, text), diagnostics);
        return new ManifestDecodeResult(objects, diagnostics.Items.ToList());
    }

    /// <summary>Decodes every document of <paramref name="source"/>; empty documents are skipped.</summary>
    internal static List<LoadedObject> Decode(YamlSource source, DiagnosticBag diagnostics)
    {
        var result = new List<LoadedObject>();
        var roots = YamlDocumentLoader.Load(source, diagnostics);
        if (roots is null)
        {
            return result;
        }

        foreach (var root in roots)
        {
            if (!YamlReader.IsNull(root) && DecodeDocument(root, source, diagnostics) is { } obj)
            {
                result.Add(obj);
            }
        }

        return result;
    }

    /// <summary>Decodes and validates one document; null (after reporting) when it has errors.</summary>
    internal static LoadedObject? DecodeDocument(YamlNode root, YamlSource source, DiagnosticBag diagnostics)
    {
        int errorsBefore = diagnostics.ErrorCount;
        var reader = new YamlReader(source, diagnostics);
        var decoded = DecodeObject(root, reader);
        if (decoded is null || diagnostics.ErrorCount > errorsBefore)
        {
            return null;
        }

        var (obj, fieldErrors, notes) = decoded.Value;

        // The API server defaults, then validates; do the same on a copy so the object stays as written.
        var copy = DecodeObject(root, new YamlReader(source, new DiagnosticBag(quiet: true)))!.Value.Object;
        Defaults.Apply(copy, new ControlPlaneConfig());
        if (copy is Pod pod)
        {
            // PrepareForCreate: a pod's matchLabelKeys are merged into its selectors before validation.
            PodStrategy.MutatePodAffinity(pod);
        }

        fieldErrors.AddRange(Validation.Validate(copy));
        if (fieldErrors.Count > 0)
        {
            string name = obj.Metadata.Name.Length > 0 ? obj.Metadata.Name : obj.Metadata.GenerateName ?? "";
            foreach (var e in fieldErrors)
            {
                diagnostics.Error(LocateField(reader, e.Field, root), $"{obj.Kind} \"{name}\" is invalid: {e}");
            }

            return null;
        }

        if (obj is ConfigMap or KeptObject && diagnostics.Seen(source.File, "kind:" + obj.Kind) < 0)
        {
            diagnostics.Remember(source.File, "kind:" + obj.Kind);
            diagnostics.Warning(reader.Location(root), obj is KeptObject kept ? KeptKindNotSimulated(kept) : ConfigMapNotSimulated);
        }

        WarnUnsimulated(notes, source.File, diagnostics);

        return new LoadedObject(obj, reader.Location(root), () => DecodeObject(root, new YamlReader(source, new DiagnosticBag(quiet: true)))!.Value.Object)
        {
            FieldLocations = reader.FieldLocations,
            Root = root,
            Source = source,
        };
    }

    /// <summary>The location of a field path (`spec.template.spec.containers[0].name`), or of its nearest present parent.</summary>
    private static SourceLocation LocateField(YamlReader reader, string field, YamlNode root)
    {
        string path = field;
        while (path.Length > 0)
        {
            if (reader.FieldLocations.TryGetValue(path, out var location))
            {
                return location;
            }

            int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut <= 0 ? "" : path[..cut];
        }

        return reader.Location(root);
    }

    private static (KubeObject Object, List<FieldError> FieldErrors, List<UnsimulatedNote> Notes)? DecodeObject(YamlNode root, YamlReader r)
    {
        if (root is not YamlMappingNode)
        {
            r.Error(root, "expected a Kubernetes object (a mapping with apiVersion, kind and metadata), got " + YamlReader.Describe(root));
            return null;
        }

        YamlField? apiVersionField = null, kindField = null;
        foreach (var f in r.Fields(root, ""))
        {
            if (f.Key == "apiVersion")
            {
                apiVersionField = f;
            }
            else if (f.Key == "kind")
            {
                kindField = f;
            }
        }

        string kind = "", apiVersion = "";
        if (kindField is not { } kf || !r.String(kf.Value, "kind", out kind) || kind.Length == 0)
        {
            if (kindField is null || YamlReader.IsNull(kindField.Value.Value))
            {
                r.Error(root, "kind not set");
            }

            return null;
        }

        if (apiVersionField is not { } af || !r.String(af.Value, "apiVersion", out apiVersion) || apiVersion.Length == 0)
        {
            if (apiVersionField is null || YamlReader.IsNull(apiVersionField.Value.Value))
            {
                r.Error(root, "apiVersion not set");
            }

            return null;
        }

        if (KindsComingLater.Contains(kind, StringComparer.Ordinal))
        {
            r.Error(kf.Value, $"kind \"{kind}\" is not supported yet");
            return null;
        }

        var entry = FindKind(kind, apiVersion, out var refused);
        if (entry is null || !entry.ApiVersions.Contains(apiVersion, StringComparer.Ordinal))
        {
            r.Error(entry is null ? kf.Value : af.Value, refused ?? $"no matches for kind \"{kind}\" in version \"{apiVersion}\"");
            return null;
        }

        var c = new Context(r, kind);
        var obj = entry.Decode(c, (YamlMappingNode)root, apiVersion);
        obj.ApiVersion = apiVersion;
        foreach (var kept in c.Kept)
        {
            obj.UnknownFields.Add(kept);
        }

        return (obj, c.FieldErrors, c.Notes);
    }

    /// <summary>Handles apiVersion and kind (already read) and metadata; false for other top-level fields.</summary>
    /// <summary>
    /// The top level every kind with a spec shares: apiVersion, kind and metadata (see CommonTopLevel),
    /// spec through <paramref name="decodeSpec"/>, status ignored (the simulator computes it), anything
    /// else reported as unknown.
    /// </summary>
    private static void DecodeTopLevel(Context c, YamlMappingNode root, ObjectMeta meta, Action<YamlField> decodeSpec)
    {
        foreach (var f in c.R.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, meta))
            {
                continue;
            }

            switch (f.Key)
            {
                case "spec":
                    decodeSpec(f);
                    break;
                case "status":
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }
    }

    private static bool CommonTopLevel(Context c, YamlField f, ObjectMeta meta)
    {
        switch (f.Key)
        {
            case "apiVersion" or "kind":
                return true;
            case "metadata":
                DecodeMeta(c, f.Value, f.Path, meta);
                return true;
            default:
                return false;
        }
    }

    private sealed record KindEntry(string Kind, IReadOnlyList<string> ApiVersions, Func<Context, YamlMappingNode, string, KubeObject> Decode);

    /// <summary>State while decoding one object: the reader, fields kept but not modelled, and decoder-side field errors.</summary>
    private sealed class Context(YamlReader reader, string kind)
    {
        public YamlReader R { get; } = reader;

        public string Kind { get; } = kind;

        /// <summary>"path: value" of fields not modelled (unknown, or valid but ignored).</summary>
        public List<string> Kept { get; } = [];

        /// <summary>Validation errors the decoder finds (reported with the API server's).</summary>
        public List<FieldError> FieldErrors { get; } = [];

        /// <summary>A field real Kubernetes does not have: kept, with a warning.</summary>
        public void Unknown(YamlField f)
        {
            R.Warning(f.KeyNode, $"unknown field \"{f.Path}\" in {Kind}");
            Kept.Add(f.Path + ": " + YamlReader.Render(f.Value));
        }

        /// <summary>Fields kept but not simulated, warned about once the document has decoded (see <see cref="WarnUnsimulated"/>).</summary>
        public List<UnsimulatedNote> Notes { get; } = [];

        /// <summary>A valid Kubernetes field the simulator does not model: kept, with a warning that says why (<see cref="UnsimulatedFields"/>).</summary>
        public void Ignore(YamlField f)
        {
            Kept.Add(f.Path + ": " + YamlReader.Render(f.Value));
            Notes.Add(new UnsimulatedNote(f.Path, R.Location(f.KeyNode), null));
        }

        /// <summary>A field the decoder reads (kubectl prints it) that nothing simulated acts on: a warning if the manifest has it.</summary>
        public void Unsimulated(string path, string key)
        {
            if (R.FieldLocations.TryGetValue(path, out var location))
            {
                Notes.Add(new UnsimulatedNote(path, location, key));
            }
        }
    }
}
