using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Expectations;

/// <summary>
/// Parses an expectation's `that`: `REF OP VALUE`, OP one of == != &lt; &lt;= &gt; &gt;=, each side a number, a
/// quoted string, a quantity, a REF `[NS/]KIND/NAME.FIELD.PATH` (kubectl kind names; the path starts at
/// metadata, spec, status or load, so names may contain dots: `node/10.0.0.1.status.ready`) or
/// `count(pods, "SELECTOR"[, PHASE][, ready])` or `count(nodes, "SELECTOR"[, ready])`, a node group's
/// `nodegroup/POOL.status.FIELD` or a run total `cluster.FIELD`. Errors give the offset inside the text.
/// </summary>
public static partial class ConditionParser
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];

    private static readonly string[] PathRoots = ["metadata", "spec", "status", "load"];

    private static readonly string[] Phases = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

    // The kind of `nodegroup/POOL.status.FIELD` (not an API resource: the cloud provider's node groups), as the
    // timeseries.csv rows name it.
    private static readonly string[] NodeGroupKinds = ["nodegroup", "nodegroups"];

    private const string ClusterPrefix = "cluster.";

    public static bool TryParse(string text, [NotNullWhen(true)] out Condition? condition, [NotNullWhen(false)] out ParseError? error)
    {
        try
        {
            var tokens = Lex(text);
            int pos = 0;
            var left = ParseOperand(tokens, ref pos, text);
            var opToken = tokens[pos];
            if (opToken.Kind == TokenKind.BadOperator)
            {
                throw new Failure(opToken.Offset, $"unknown operator \"{opToken.Text}\" (expected ==, !=, <, <=, >, >=)");
            }

            if (opToken.Kind != TokenKind.Operator)
            {
                throw new Failure(opToken.Offset, opToken.Kind == TokenKind.End
                    ? "expected an operator (==, !=, <, <=, >, >=) and a value after " + Quote(text.Trim())
                    : $"expected an operator (==, !=, <, <=, >, >=), got \"{opToken.Text}\"");
            }

            pos++;
            int rightOffset = tokens[pos].Offset;
            var right = ParseOperand(tokens, ref pos, text);
            if (tokens[pos].Kind != TokenKind.End)
            {
                throw new Failure(tokens[pos].Offset, $"unexpected \"{tokens[pos].Text}\" after the condition");
            }

            if (opToken.Text is not ("==" or "!=") && (left is StringOperand || right is StringOperand))
            {
                throw new Failure(opToken.Offset, $"operator {opToken.Text} compares numbers and quantities, not strings (use == or !=)");
            }

            // "5m" reads as a quantity (5 milli), not as five minutes: refused next to a total counted in seconds.
            if ((left as ClusterOperand ?? right as ClusterOperand) is { InSeconds: true } seconds && (left as QuantityOperand ?? right as QuantityOperand) is { } q)
            {
                throw new Failure(right is QuantityOperand ? rightOffset : tokens[0].Offset, $"{seconds} is in seconds: write a number of seconds (300 for 5m), not the quantity \"{q.Text}\"");
            }

            condition = new Condition(left, opToken.Text, right);
            error = null;
            return true;
        }
        catch (Failure f)
        {
            condition = null;
            error = new ParseError(f.Offset, f.Message);
            return false;
        }
    }

    private static Operand ParseOperand(List<Token> tokens, ref int pos, string text)
    {
        var t = tokens[pos];
        switch (t.Kind)
        {
            case TokenKind.String:
                pos++;
                return new StringOperand(t.Text);
            case TokenKind.Word when tokens[pos + 1].Kind == TokenKind.Open:
                if (t.Text != "count")
                {
                    throw new Failure(t.Offset, $"unknown function \"{t.Text}\" (only count(pods, \"SELECTOR\"[, PHASE][, ready]) is supported)");
                }

                pos += 2;
                return ParseCount(tokens, ref pos, t.Offset);
            case TokenKind.Word:
                pos++;
                return Word(t);
            case TokenKind.End:
                throw new Failure(t.Offset, "expected a value: a number, a quoted string, a quantity, KIND/NAME.FIELD or count(...)");
            default:
                throw new Failure(t.Offset, $"unexpected \"{t.Text}\": expected a number, a quoted string, a quantity, KIND/NAME.FIELD or count(...)");
        }
    }

    private static Operand Word(Token t)
    {
        string w = t.Text;
        if (char.IsAsciiDigit(w[0]) || (w.Length > 1 && w[0] is '.' or '-' or '+' && (char.IsAsciiDigit(w[1]) || w[1] == '.')))
        {
            if (NumberPattern().IsMatch(w))
            {
                return new NumberOperand(double.Parse(w, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            if (Quantity.TryParse(w, out var q, out var qerr))
            {
                return new QuantityOperand(q, w);
            }

            throw new Failure(t.Offset, $"invalid number or quantity \"{w}\": {qerr}");
        }

        if (w.Contains('/', StringComparison.Ordinal))
        {
            return Ref(t);
        }

        if (w.StartsWith(ClusterPrefix, StringComparison.Ordinal))
        {
            return Cluster(t);
        }

        throw new Failure(t.Offset, $"expected a number, a quoted string, a quantity or KIND/NAME.FIELD, got \"{w}\" (quote strings: \"{w}\")");
    }

    private static Operand Ref(Token t)
    {
        string w = t.Text;
        int bracket = w.IndexOf('[', StringComparison.Ordinal);
        string head = bracket < 0 ? w : w[..bracket];
        int lastSlash = head.LastIndexOf('/');
        if (lastSlash <= 0)
        {
            throw new Failure(t.Offset, $"expected [NAMESPACE/]KIND/NAME.FIELD, got \"{w}\"");
        }

        string[] prefix = w[..lastSlash].Split('/');
        if (prefix.Length > 2 || prefix.Any(p => p.Length == 0))
        {
            throw new Failure(t.Offset, $"expected [NAMESPACE/]KIND/NAME.FIELD, got \"{w}\"");
        }

        string kindText = prefix[^1];
        int kindOffset = t.Offset + (prefix.Length == 2 ? prefix[0].Length + 1 : 0);
        if (NodeGroupKinds.Contains(kindText, StringComparer.OrdinalIgnoreCase))
        {
            if (prefix.Length == 2)
            {
                throw new Failure(t.Offset, $"nodegroups are cluster-scoped: remove the namespace \"{prefix[0]}\"");
            }

            return NodeGroup(w[(lastSlash + 1)..], t.Offset + lastSlash + 1);
        }

        var resource = ApiResources.Find(kindText) ?? throw new Failure(kindOffset, $"the server doesn't have a resource type \"{kindText}\"");
        string? ns = prefix.Length == 2 ? prefix[0] : null;
        if (ns is not null && !resource.Namespaced)
        {
            throw new Failure(t.Offset, $"{resource.Resource} are cluster-scoped: remove the namespace \"{ns}\"");
        }

        string rest = w[(lastSlash + 1)..];
        int restOffset = t.Offset + lastSlash + 1;
        int pathStart = -1;
        for (int i = rest.IndexOf('.', StringComparison.Ordinal); i > 0; i = rest.IndexOf('.', i + 1))
        {
            foreach (string root in PathRoots)
            {
                int end = i + 1 + root.Length;
                if (string.CompareOrdinal(rest, i + 1, root, 0, root.Length) == 0 && (end == rest.Length || rest[end] is '.' or '['))
                {
                    pathStart = i;
                    break;
                }
            }

            if (pathStart > 0)
            {
                break;
            }
        }

        if (pathStart <= 0)
        {
            throw new Failure(restOffset, $"expected NAME.FIELD after \"{kindText}/\" with a field path starting at metadata, spec, status or load (e.g. {resource.Singular}/NAME.status.replicas), got \"{rest}\"");
        }

        string name = rest[..pathStart];
        var path = Path(rest[(pathStart + 1)..], restOffset + pathStart + 1);
        return new RefOperand(ns ?? (resource.Namespaced ? "default" : null), resource.Kind, name, path);
    }

    /// <summary>
    /// `nodegroup/POOL.status.FIELD` (after the slash: <paramref name="rest"/> at <paramref name="offset"/>). The pool
    /// name may hold dots; whether it autoscales is the loader's question, which knows the pools.
    /// </summary>
    private static NodeGroupOperand NodeGroup(string rest, int offset)
    {
        const string Status = ".status.";
        int at = rest.LastIndexOf(Status, StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new Failure(offset, $"expected POOL.status.FIELD after \"nodegroup/\" (e.g. nodegroup/worker.status.targetSize), got \"{rest}\"");
        }

        string field = rest[(at + Status.Length)..];
        int fieldOffset = offset + at + Status.Length;
        if (!NodeGroupOperand.Fields.Contains(field, StringComparer.Ordinal))
        {
            throw new Failure(fieldOffset, $"a node group has no field \"status.{field}\" ({DidYouMean.Hint(field, NodeGroupOperand.Fields)}expected status. and one of: {string.Join(", ", NodeGroupOperand.Fields)})");
        }

        return new NodeGroupOperand(rest[..at], field);
    }

    /// <summary>`cluster.FIELD`: a run total so far.</summary>
    private static ClusterOperand Cluster(Token t)
    {
        string field = t.Text[ClusterPrefix.Length..];
        if (!ClusterOperand.Fields.Contains(field, StringComparer.Ordinal))
        {
            throw new Failure(t.Offset + ClusterPrefix.Length, $"the cluster has no field \"{field}\" ({DidYouMean.Hint(field, ClusterOperand.Fields)}expected cluster. and one of: {string.Join(", ", ClusterOperand.Fields)})");
        }

        return new ClusterOperand(field);
    }

    private static List<string> Path(string text, int offset)
    {
        var result = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && text[i] is not ('.' or '['))
            {
                i++;
            }

            if (i == start)
            {
                throw new Failure(offset + i, "empty field name in the path");
            }

            result.Add(text[start..i]);
            while (i < text.Length && text[i] == '[')
            {
                int close = text.IndexOf(']', i);
                if (close < 0 || close == i + 1)
                {
                    throw new Failure(offset + i, close < 0 ? "unclosed [" : "empty []");
                }

                result.Add(text[i..(close + 1)]);
                i = close + 1;
            }

            if (i < text.Length)
            {
                if (text[i] != '.')
                {
                    throw new Failure(offset + i, $"expected . or [ in the field path, got \"{text[i]}\"");
                }

                i++;
                if (i == text.Length)
                {
                    throw new Failure(offset + i, "empty field name in the path");
                }
            }
        }

        return result;
    }

    private static CountOperand ParseCount(List<Token> tokens, ref int pos, int countOffset)
    {
        var what = tokens[pos];
        if (what.Kind != TokenKind.Word)
        {
            throw new Failure(what.Offset, "count needs what to count first: count(pods, \"SELECTOR\")");
        }

        string ns = "default";
        string kindText = what.Text;
        int slash = kindText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            ns = kindText[..slash];
            kindText = kindText[(slash + 1)..];
        }

        string? kind = ApiResources.Find(kindText)?.Kind;
        if (kind is not ("Pod" or "Node") || ns.Length == 0 || (kind == "Node" && slash >= 0))
        {
            throw new Failure(what.Offset, $"count counts pods or nodes: count(pods, \"SELECTOR\"[, PHASE][, ready]) or count(nodes, \"SELECTOR\"[, ready]), got \"{what.Text}\"");
        }

        pos++;
        Expect(tokens, ref pos, TokenKind.Comma, "expected , and a quoted label selector after pods");
        var selector = tokens[pos];
        if (selector.Kind != TokenKind.String)
        {
            throw new Failure(selector.Offset, "expected a quoted label selector, e.g. \"app=myweb\"");
        }

        try
        {
            Selector.Parse(selector.Text);
        }
        catch (FormatException e)
        {
            throw new Failure(selector.Offset + 1, e.Message);
        }

        pos++;
        string? phase = null;
        bool ready = false;
        while (tokens[pos].Kind == TokenKind.Comma)
        {
            pos++;
            var arg = tokens[pos];
            if (arg.Kind != TokenKind.Word)
            {
                throw new Failure(arg.Offset, "expected a pod phase (Pending, Running, Succeeded, Failed, Unknown) or ready");
            }

            if (string.Equals(arg.Text, "ready", StringComparison.OrdinalIgnoreCase) && !ready)
            {
                ready = true;
            }
            else if (kind == "Pod" && phase is null && !ready && Phases.FirstOrDefault(p => string.Equals(p, arg.Text, StringComparison.OrdinalIgnoreCase)) is { } p)
            {
                phase = p;
            }
            else
            {
                throw new Failure(arg.Offset, kind == "Node"
                    ? $"unexpected \"{arg.Text}\": count takes (nodes, \"SELECTOR\"[, ready])"
                    : $"unexpected \"{arg.Text}\": count takes (pods, \"SELECTOR\"[, PHASE][, ready]) with PHASE one of {string.Join(", ", Phases)}");
            }

            pos++;
        }

        if (tokens[pos].Kind != TokenKind.Close)
        {
            throw new Failure(tokens[pos].Offset, tokens[pos].Kind == TokenKind.End ? $"count( at offset {countOffset} is not closed: expected )" : $"expected ) or , got \"{tokens[pos].Text}\"");
        }

        pos++;
        return new CountOperand(selector.Text, phase, ready, ns, kind);
    }

    private static void Expect(List<Token> tokens, ref int pos, TokenKind kind, string message)
    {
        if (tokens[pos].Kind != kind)
        {
            throw new Failure(tokens[pos].Offset, message);
        }

        pos++;
    }

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            int start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.Open, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.Close, ")", i++));
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", i++));
                    continue;
                case '"' or '\'':
                    {
                        var sb = new StringBuilder();
                        i++;
                        while (true)
                        {
                            if (i >= text.Length)
                            {
                                throw new Failure(start, "unterminated string");
                            }

                            if (text[i] == c)
                            {
                                i++;
                                break;
                            }

                            if (c == '"' && text[i] == '\\' && i + 1 < text.Length)
                            {
                                i++;
                            }

                            sb.Append(text[i++]);
                        }

                        tokens.Add(new Token(TokenKind.String, sb.ToString(), start));
                        continue;
                    }
            }

            string? op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0);
            if (op is not null)
            {
                tokens.Add(new Token(TokenKind.Operator, op, i));
                i += op.Length;
                continue;
            }

            if (c is '=' or '!')
            {
                int end = i;
                while (end < text.Length && text[end] is '=' or '!' or '<' or '>')
                {
                    end++;
                }

                tokens.Add(new Token(TokenKind.BadOperator, text[i..end], i));
                i = end;
                continue;
            }

            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '"' or '\'' or '=' or '!' or '<' or '>'))
            {
                if (text[i] == '[')
                {
                    int close = text.IndexOf(']', i);
                    if (close < 0)
                    {
                        throw new Failure(i, "unclosed [");
                    }

                    i = close + 1;
                    continue;
                }

                i++;
            }

            tokens.Add(new Token(TokenKind.Word, text[start..i], start));
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static string Quote(string s) => "\"" + s + "\"";

    [GeneratedRegex("^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    private enum TokenKind
    {
        Word,
        String,
        Operator,
        BadOperator,
        Open,
        Close,
        Comma,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Offset);

    private sealed class Failure(int offset, string message) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
