namespace ClusterSim.Sim.Api;

/// <summary>
/// Marks a property added to the pod template model after the pod-template-hash printout was fixed: while it is
/// null the printout (<c>CanonicalPrinter</c>) leaves it out, so adding a field the manifest does not set keeps every
/// existing template's hash, and so the names of ReplicaSets and pods in recorded outputs. Once set it prints, so
/// a template that differs in it still hashes differently.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OmittedFromHashWhenNullAttribute : Attribute;
