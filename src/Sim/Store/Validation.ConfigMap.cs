using System.Globalization;
using System.Text;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// pkg/apis/core/validation validation.go ValidateConfigMap and ValidateConfigMapUpdate (v1.32), with the API server's
/// messages; the object meta check (a DNS subdomain name) is the generic one every kind gets.
/// </summary>
public static partial class Validation
{
    /// <summary>core.MaxSecretSize: data plus binaryData of a ConfigMap, in bytes.</summary>
    public const int MaxConfigMapSize = 1 * 1024 * 1024;

    /// <summary>apimachinery validation.go configMapKeyFmt.</summary>
    private const string ConfigMapKeyFmt = "[-._a-zA-Z0-9]+";

    /// <summary>apimachinery validation.go configMapKeyErrMsg.</summary>
    private const string ConfigMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

    /// <summary>
    /// ValidateConfigMap: each data key (IsConfigMapKey, then "duplicate of key present in binaryData"), each binaryData
    /// key, then the total size of both over core.MaxSecretSize. Keys are checked in key order where Go ranges over a map.
    /// </summary>
    public static void ValidateConfigMap(ConfigMap cm, List<FieldError> errors)
    {
        long total = 0;
        foreach (var (key, value) in cm.Data)
        {
            string path = "data[" + key + "]";
            foreach (var message in IsConfigMapKey(key))
            {
                errors.Add(new(path, $"Invalid value: {GoFormat.Quote(key)}: {message}"));
            }

            if (cm.BinaryData.ContainsKey(key))
            {
                errors.Add(new(path, $"Invalid value: {GoFormat.Quote(key)}: duplicate of key present in binaryData"));
            }

            total += Encoding.UTF8.GetByteCount(value);
        }

        foreach (var (key, value) in cm.BinaryData)
        {
            foreach (var message in IsConfigMapKey(key))
            {
                errors.Add(new("binaryData[" + key + "]", $"Invalid value: {GoFormat.Quote(key)}: {message}"));
            }

            total += ConfigMap.DecodedLength(value);
        }

        if (total > MaxConfigMapSize)
        {
            // field.TooLong(field.NewPath(""), "", core.MaxSecretSize): the empty path prints as "[]".
            errors.Add(new("[]", string.Create(CultureInfo.InvariantCulture, $"Too long: may not be more than {MaxConfigMapSize} bytes")));
        }
    }

    /// <summary>ValidateConfigMapUpdate: an immutable ConfigMap keeps immutable set and its data and binaryData unchanged; then ValidateConfigMap.</summary>
    public static List<FieldError> ValidateConfigMapUpdate(ConfigMap updated, ConfigMap old)
    {
        var errors = new List<FieldError>();
        if (old.Immutable == true)
        {
            const string Immutable = "Forbidden: field is immutable when `immutable` is set";
            if (updated.Immutable != true)
            {
                errors.Add(new("immutable", Immutable));
            }

            if (!SameStrings(updated.Data, old.Data))
            {
                errors.Add(new("data", Immutable));
            }

            if (!SameStrings(updated.BinaryData, old.BinaryData))
            {
                errors.Add(new("binaryData", Immutable));
            }
        }

        ValidateConfigMap(updated, errors);
        return errors;
    }

    /// <summary>apimachinery validation.go IsConfigMapKey (v0.32): at most 253 characters, the key pattern, not "." nor ".." nor starting with "..".</summary>
    internal static List<string> IsConfigMapKey(string value)
    {
        var errs = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > LabelValidation.Dns1123SubdomainMaxLength)
        {
            errs.Add(string.Create(CultureInfo.InvariantCulture, $"must be no more than {LabelValidation.Dns1123SubdomainMaxLength} characters"));
        }

        if (value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            errs.Add(LabelValidation.RegexError(ConfigMapKeyErrMsg, ConfigMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
        }

        // hasChDirPrefix.
        if (value == ".")
        {
            errs.Add("must not be '.'");
        }
        else if (value == "..")
        {
            errs.Add("must not be '..'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            errs.Add("must not start with '..'");
        }

        return errs;
    }

    private static bool SameStrings(SortedDictionary<string, string> a, SortedDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
