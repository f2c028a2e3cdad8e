using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

/// <summary>
/// A deterministic deep printout of an API object, the stand-in for hashutil.DeepHashObject's
/// <c>spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true, SpewKeys: true}</c> %#v printer.
/// <para>
/// Like spew it walks every public property by reflection, so a field added to the model later is hashed
/// and compared without anyone remembering to list it (a property marked <see cref="OmittedFromHashWhenNullAttribute"/>
/// is left out while null, so a field added to the model later keeps existing hashes): <c>(Type){Name:value ...}</c> with properties in
/// ordinal name order, maps as <c>map[key:value ...]</c> sorted by key, lists in order, strings quoted.
/// Unlike spew, a null list or map prints as an empty one (apiequality.Semantic.DeepEqual treats nil and
/// empty alike, and this printout also decides equality, see <see cref="DeploymentUtil.EqualIgnoreHash"/>),
/// and a quantity prints by its value alone ("0.5" and "500m", "1Gi" and "1073741824" are the same quantity,
/// as Semantic.DeepEqual says, where spew would print the struct's format and cached string).
/// </para>
/// </summary>
public static class CanonicalPrinter
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, bool OmittedWhenNull)[]> Properties = new();

    /// <summary>The printout of <paramref name="value"/>.</summary>
    public static string Print(object? value)
    {
        var sb = new StringBuilder(512);
        Write(sb, value, value?.GetType() ?? typeof(object));
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, Type declared)
    {
        if (value is null)
        {
            if (declared != typeof(string) && typeof(IDictionary).IsAssignableFrom(declared))
            {
                sb.Append("map[]");
            }
            else if (declared != typeof(string) && typeof(IEnumerable).IsAssignableFrom(declared))
            {
                sb.Append("[]");
            }
            else
            {
                sb.Append("<nil>");
            }

            return;
        }

        switch (value)
        {
            case string s:
                WriteString(sb, s);
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case Quantity q:
                // By value only: 1Gi and 1073741824 are the same quantity (Semantic.DeepEqual compares with Cmp).
                sb.Append(q.WithFormat(QuantityFormat.DecimalSI).ToCanonicalString());
                return;
            case IntOrString ios:
                if (ios.IsString)
                {
                    WriteString(sb, ios.StringValue!);
                }
                else
                {
                    sb.Append(ios.IntValue.ToString(CultureInfo.InvariantCulture));
                }

                return;
            case TimeSpan t:
                sb.Append(t.Ticks.ToString(CultureInfo.InvariantCulture));
                return;
            case Enum e:
                sb.Append(e.ToString());
                return;
            case IFormattable f when value.GetType().IsPrimitive || value is decimal:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                return;
            case IDictionary dict:
                WriteMap(sb, dict);
                return;
            case IEnumerable list:
                sb.Append('[');
                bool first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }

                    first = false;
                    Write(sb, item, item?.GetType() ?? typeof(object));
                }

                sb.Append(']');
                return;
        }

        var type = value.GetType();
        sb.Append('(').Append(type.Name).Append("){");
        bool firstProperty = true;
        foreach (var (p, omittedWhenNull) in PropertiesOf(type))
        {
            object? propertyValue = p.GetValue(value);
            if (propertyValue is null && omittedWhenNull)
            {
                continue;
            }

            if (!firstProperty)
            {
                sb.Append(' ');
            }

            firstProperty = false;
            sb.Append(p.Name).Append(':');
            Write(sb, propertyValue, p.PropertyType);
        }

        sb.Append('}');
    }

    private static void WriteMap(StringBuilder sb, IDictionary dict)
    {
        var entries = new List<(string Key, object? Value)>();
        foreach (DictionaryEntry e in dict)
        {
            entries.Add((Print(e.Key), e.Value));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        sb.Append("map[");
        for (int i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(entries[i].Key).Append(':');
            Write(sb, entries[i].Value, entries[i].Value?.GetType() ?? typeof(object));
        }

        sb.Append(']');
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>The readable public properties in ordinal name order, each with whether it is left out while null.</summary>
    private static (PropertyInfo Property, bool OmittedWhenNull)[] PropertiesOf(Type type) =>
        Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (p, p.IsDefined(typeof(OmittedFromHashWhenNullAttribute))))
            .ToArray());
}
