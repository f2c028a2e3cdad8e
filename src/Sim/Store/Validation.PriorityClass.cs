using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>PriorityClass validation (pkg/apis/scheduling/validation/validation.go) and the pods' preemptionPolicy.</summary>
public static partial class Validation
{
    /// <summary>validation.go ValidatePriorityClass (after ValidateObjectMeta's name check).</summary>
    private static void ValidatePriorityClass(PriorityClass pc, List<FieldError> errors)
    {
        // If the priorityClass starts with a system prefix, it must be one of the predefined system priority classes.
        if (pc.Metadata.Name.StartsWith(PriorityClasses.SystemPriorityClassPrefix, StringComparison.Ordinal))
        {
            if (PriorityClasses.KnownSystemPriorityClassError(pc.Metadata.Name, pc.Value, pc.GlobalDefault) is { } error)
            {
                errors.Add(new("metadata.name", $"Forbidden: priority class names with '{PriorityClasses.SystemPriorityClassPrefix}' prefix are reserved for system use only. error: {error}"));
            }
        }
        else if (pc.Value > PriorityClasses.HighestUserDefinablePriority)
        {
            // Non-system critical priority classes are not allowed to have a value larger than HighestUserDefinablePriority.
            errors.Add(new("value", string.Create(CultureInfo.InvariantCulture, $"Forbidden: maximum allowed value of a user defined priority is {PriorityClasses.HighestUserDefinablePriority}")));
        }

        if (pc.PreemptionPolicy is { } policy)
        {
            ValidatePreemptionPolicy(policy, "preemptionPolicy", errors);
        }
    }

    /// <summary>
    /// validation.go ValidatePriorityClassUpdate: value and preemptionPolicy may not change (the name is the store
    /// key). Returns the errors; empty when the update is valid.
    /// </summary>
    public static List<FieldError> ValidatePriorityClassUpdate(PriorityClass updated, PriorityClass old)
    {
        var errors = new List<FieldError>();
        if (updated.Value != old.Value)
        {
            errors.Add(new("value", "Forbidden: may not be changed in an update."));
        }

        // ValidateImmutableField prints the new value (a nil pointer as null).
        if (updated.PreemptionPolicy != old.PreemptionPolicy)
        {
            var shown = updated.PreemptionPolicy is { } p ? "\"" + p + "\"" : "null";
            errors.Add(new("preemptionPolicy", $"Invalid value: {shown}: field is immutable"));
        }

        return errors;
    }

    /// <summary>pkg/apis/core/validation ValidatePreemptionPolicy.</summary>
    private static void ValidatePreemptionPolicy(string policy, string path, List<FieldError> errors)
    {
        switch (policy)
        {
            case PriorityClasses.PreemptLowerPriority or PriorityClasses.PreemptNever:
                break;
            case "":
                errors.Add(new(path, "Required value"));
                break;
            default:
                errors.Add(new(path, $"Unsupported value: \"{policy}\": supported values: \"{PriorityClasses.PreemptLowerPriority}\", \"{PriorityClasses.PreemptNever}\""));
                break;
        }
    }
}
