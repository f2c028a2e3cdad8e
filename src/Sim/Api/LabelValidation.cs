using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterSim.Sim.Api;

/// <summary>
/// Label key and value validation with Kubernetes' exact error strings
/// (k8s.io/apimachinery/pkg/api/validate/content, re-exported by pkg/util/validation).
/// Lengths are measured in UTF-8 bytes, as Go's <c>len</c> does.
/// </summary>
public static partial class LabelValidation
{
    /// <summary>Maximum length in bytes of the name part of a label key.</summary>
    public const int LabelKeyNameMaxLength = 63;

    /// <summary>Maximum length in bytes of a label value.</summary>
    public const int LabelValueMaxLength = 63;

    /// <summary>Maximum length in bytes of an RFC 1123 subdomain (the optional prefix of a label key).</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    private const string LabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelKeyErrMsg =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private const string LabelValueFmt = "(" + LabelKeyFmt + ")?";
    private const string LabelValueErrMsg =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1123LabelErrMsg =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

    /// <summary>Maximum length in bytes of an RFC 1123 label (a namespace name).</summary>
    public const int Dns1123LabelMaxLength = 63;

    private const string Dns1123SubdomainErrorMsg =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    // Go's "$" only matches at the very end of the text; .NET's also matches before a final '\n', hence "\z".
    [GeneratedRegex("^" + LabelKeyFmt + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKeyRegex();

    [GeneratedRegex("^" + LabelValueFmt + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + Dns1123LabelFmt + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^" + Dns1123SubdomainFmt + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    /// <summary>
    /// Tests whether <paramref name="value"/> is a valid label key ("qualified name"): an optional
    /// DNS subdomain prefix and '/', then a name of at most 63 bytes. Returns the list of error
    /// strings, empty when valid.
    /// </summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        // Port of apimachinery/pkg/api/validate/content/kube.go IsLabelKey (alias IsQualifiedName).
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errs.Add("prefix part " + EmptyError());
                }
                else
                {
                    foreach (var msg in IsDns1123Subdomain(prefix))
                    {
                        errs.Add("prefix part " + msg);
                    }
                }

                break;
            default:
                errs.Add("a valid label key " + RegexError(LabelKeyErrMsg, LabelKeyFmt, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }

        if (name.Length == 0)
        {
            errs.Add("name part " + EmptyError());
        }
        else if (ByteLength(name) > LabelKeyNameMaxLength)
        {
            errs.Add("name part " + MaxLenError(LabelKeyNameMaxLength));
        }

        if (!LabelKeyRegex().IsMatch(name))
        {
            errs.Add("name part " + RegexError(LabelKeyErrMsg, LabelKeyFmt, "MyName", "my.name", "123-abc"));
        }

        return errs;
    }

    /// <summary>
    /// Tests whether <paramref name="value"/> is a valid label value (empty, or at most 63 bytes of
    /// alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric). Returns the list
    /// of error strings, empty when valid.
    /// </summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        // Port of apimachinery/pkg/api/validate/content/kube.go IsLabelValue.
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength)
        {
            errs.Add(MaxLenError(LabelValueMaxLength));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }

        return errs;
    }

    /// <summary>
    /// Tests whether <paramref name="value"/> is a lowercase RFC 1123 subdomain of at most 253 bytes.
    /// Returns the list of error strings, empty when valid.
    /// </summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        // Port of apimachinery/pkg/api/validate/content/dns.go IsDNS1123Subdomain.
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errs.Add(RegexError(Dns1123SubdomainErrorMsg, Dns1123SubdomainFmt, "example.com"));
        }

        return errs;
    }

    /// <summary>
    /// Tests whether <paramref name="value"/> is a lowercase RFC 1123 label of at most 63 bytes (a namespace name).
    /// Returns the list of error strings, empty when valid.
    /// </summary>
    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        // Port of apimachinery/pkg/api/validate/content/dns.go IsDNS1123Label.
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1123LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            // A valid subdomain but not a valid label: having checked the length, it must be dots.
            errs.Add(Dns1123SubdomainRegex().IsMatch(value) ? "must not contain dots" : RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }

        return errs;
    }

    // Port of apimachinery/pkg/api/validate/content/errors.go MaxLenError.
    internal static string MaxLenError(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} bytes");

    // Port of apimachinery/pkg/util/validation/validation.go EmptyError.
    internal static string EmptyError() => "must be non-empty";

    // Port of apimachinery/pkg/api/validate/content/errors.go RegexError.
    internal static string RegexError(string msg, string re, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return msg + " (regex used for validation is '" + re + "')";
        }

        var sb = new StringBuilder(msg);
        sb.Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(" or ");
            }

            sb.Append('\'').Append(examples[i]).Append("', ");
        }

        sb.Append("regex used for validation is '").Append(re).Append("')");
        return sb.ToString();
    }

    private static int ByteLength(string s) => Encoding.UTF8.GetByteCount(s);
}
