namespace ClusterSim.Sim.Store;

/// <summary>An error the API server returns, with its status reason and Kubernetes' message text.</summary>
public sealed class ApiException(string reason, string message) : Exception(message)
{
    /// <summary>AlreadyExists, NotFound, Invalid, Conflict, Forbidden, BadRequest.</summary>
    public string Reason { get; } = reason;

    public static ApiException NotFound(string resource, string name) => new("NotFound", $"{resource} \"{name}\" not found");

    public static ApiException AlreadyExists(string resource, string name) => new("AlreadyExists", $"{resource} \"{name}\" already exists");

    /// <summary>An optimistic-concurrency failure: the write carried a resourceVersion that is no longer current.</summary>
    public static ApiException Conflict(string resource, string name) =>
        new("Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>An admission plugin's refusal (admission.NewForbidden): `resource.group "name" is forbidden: reason`.</summary>
    public static ApiException Forbidden(string qualifiedResource, string name, string reason) => new("Forbidden", $"{qualifiedResource} \"{name}\" is forbidden: {reason}");

    /// <summary>Kubernetes' validation error: `Kind "name" is invalid: field: detail`.</summary>
    public static ApiException Invalid(string kind, string name, string details) => new("Invalid", $"{kind} \"{name}\" is invalid: {details}");
}
