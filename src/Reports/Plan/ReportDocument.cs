namespace ClusterSim.Reports.Plan;

/// <summary>
/// The plan report as a small document tree, built once and rendered twice (plan.md and plan.html), so the two
/// files always say the same thing. Text is plain: each renderer escapes it for its own format.
/// </summary>
internal sealed record ReportDocument(string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>How a piece of inline text is shown.</summary>
internal enum SpanStyle
{
    Plain,
    Code,
    Strong,
}

/// <summary>A piece of inline text.</summary>
internal sealed record Span(string Text, SpanStyle Style = SpanStyle.Plain)
{
    public static implicit operator Span(string text) => new(text);
}

/// <summary>One block of the report.</summary>
internal abstract record ReportBlock;

/// <summary>
/// The answer: the report's first line, written exactly as given (plan.md's first line is compared to it).
/// </summary>
internal sealed record AnswerBlock(string Text) : ReportBlock;

/// <summary>A section heading (level 1 to 3).</summary>
internal sealed record HeadingBlock(int Level, string Text) : ReportBlock;

/// <summary>A paragraph of inline text.</summary>
internal sealed record ParagraphBlock(IReadOnlyList<Span> Spans) : ReportBlock;

/// <summary>A bulleted list; each item is inline text.</summary>
internal sealed record ListBlock(IReadOnlyList<IReadOnlyList<Span>> Items) : ReportBlock;

/// <summary>A preformatted block (commands to copy).</summary>
internal sealed record CodeBlock(IReadOnlyList<string> Lines) : ReportBlock;

/// <summary>A plot, by its file name in the output directory.</summary>
internal sealed record ImageBlock(string Alt, string File) : ReportBlock;

/// <summary>
/// A table. <see cref="RightAligned"/> marks numeric columns. A cell's <see cref="TableCell.Verdict"/> lets the
/// HTML colour it.
/// </summary>
internal sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<bool> RightAligned, IReadOnlyList<IReadOnlyList<TableCell>> Rows) : ReportBlock;

/// <summary>One table cell: inline text, and the verdict it shows, if any (for colour).</summary>
internal sealed record TableCell(IReadOnlyList<Span> Spans, Planning.Analysis.Verdict? Verdict = null)
{
    public static implicit operator TableCell(string text) => new([new Span(text)]);
}
