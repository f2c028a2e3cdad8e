using System.Text;
using ClusterSim.Planning.Analysis;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, plots embedded as
/// base64 data URIs, no script and no external resource, so it opens anywhere and can be mailed as one file.
/// </summary>
internal static class HtmlRenderer
{
    private const string Style =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1250px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
        + "p.answer{font-size:1.25em;font-weight:600;border-left:5px solid #2b6cb0;padding:.4em .8em;background:#f0f5fb}"
        + "table{border-collapse:collapse;margin:.6em 0 1.2em}th,td{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}"
        + "th{background:#f3f3f3;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}"
        + "td.meets{background:#dff3e3}td.inconclusive{background:#fff3cd}td.fails{background:#f8d7da}"
        + "code{background:#f4f4f4;padding:0 .2em}pre{background:#f4f4f4;padding:.6em;overflow-x:auto}"
        + "img{max-width:100%;height:auto;display:block;margin:.6em 0}";

    /// <summary>The HTML text; <paramref name="images"/> holds the PNG bytes of every <see cref="ImageBlock"/>'s file.</summary>
    public static string Render(ReportDocument document, IReadOnlyList<(string Name, byte[] Png)> images)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Escape(document.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case AnswerBlock a:
                    sb.Append("<p class=\"answer\">").Append(Escape(a.Text)).Append("</p>\n");
                    break;
                case HeadingBlock h:
                    sb.Append("<h").Append((char)('0' + h.Level)).Append('>').Append(Escape(h.Text))
                        .Append("</h").Append((char)('0' + h.Level)).Append(">\n");
                    break;
                case ParagraphBlock p:
                    sb.Append("<p>").Append(Inline(p.Spans)).Append("</p>\n");
                    break;
                case ListBlock l:
                    sb.Append("<ul>\n");
                    foreach (var item in l.Items)
                    {
                        sb.Append("<li>").Append(Inline(item)).Append("</li>\n");
                    }

                    sb.Append("</ul>\n");
                    break;
                case CodeBlock c:
                    sb.Append("<pre><code>");
                    foreach (var line in c.Lines)
                    {
                        sb.Append(Escape(line)).Append('\n');
                    }

                    sb.Append("</code></pre>\n");
                    break;
                case ImageBlock i:
                    var png = images.First(x => x.Name == i.File).Png;
                    sb.Append("<img alt=\"").Append(Escape(i.Alt)).Append("\" src=\"data:image/png;base64,")
                        .Append(Convert.ToBase64String(png)).Append("\">\n");
                    break;
                case TableBlock t:
                    AppendTable(sb, t);
                    break;
                default:
                    throw new InvalidOperationException("unknown block " + block.GetType().Name);
            }
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, TableBlock t)
    {
        sb.Append("<table>\n<thead><tr>");
        foreach (var h in t.Headers)
        {
            sb.Append("<th>").Append(Escape(h)).Append("</th>");
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                var classes = new List<string>(2);
                if (t.RightAligned[i])
                {
                    classes.Add("num");
                }

                if (row[i].Verdict is { } v)
                {
                    classes.Add(VerdictClass(v));
                }

                sb.Append(classes.Count == 0 ? "<td>" : "<td class=\"" + string.Join(' ', classes) + "\">")
                    .Append(Inline(row[i].Spans)).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n");
    }

    private static string VerdictClass(Verdict v) => v switch
    {
        Verdict.Meets => "meets",
        Verdict.Inconclusive => "inconclusive",
        _ => "fails",
    };

    private static string Inline(IReadOnlyList<Span> spans)
    {
        var sb = new StringBuilder();
        foreach (var s in spans)
        {
            var text = Escape(s.Text);
            sb.Append(s.Style switch
            {
                SpanStyle.Code => "<code>" + text + "</code>",
                SpanStyle.Strong => "<strong>" + text + "</strong>",
                _ => text,
            });
        }

        return sb.ToString();
    }

    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);
}
