using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>One entry of a YAML mapping: its key, the key's node (for locations), its value and its dotted path.</summary>
internal readonly record struct YamlField(string Key, YamlScalarNode KeyNode, YamlNode Value, string Path);

/// <summary>One item of a YAML sequence: the node, its index and its path (`spec.ports[0]`).</summary>
internal readonly record struct YamlItem(YamlNode Node, int Index, string Path);
