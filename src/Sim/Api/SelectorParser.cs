using System.Text;

namespace ClusterSim.Sim.Api;

/// <summary>Lexer tokens of the selector string syntax (labels.Token), in Kubernetes' order.</summary>
internal enum SelectorToken
{
    ErrorToken,
    EndOfStringToken,
    ClosedParToken,
    CommaToken,
    DoesNotExistToken,
    DoubleEqualsToken,
    EqualsToken,
    GreaterThanToken,
    IdentifierToken,
    InToken,
    LessThanToken,
    NotEqualsToken,
    NotInToken,
    OpenParToken,
}

/// <summary>A token, its literal text and the index in the input where it starts (labels.ScannedItem).</summary>
internal readonly record struct ScannedItem(SelectorToken Token, string Literal, int Position);

/// <summary>Parser context: in <see cref="Values"/>, the keywords in/notin are plain identifiers.</summary>
internal enum ParserContext
{
    KeyAndOperator,
    Values,
}

/// <summary>
/// Port of apimachinery/pkg/labels/selector.go Lexer. Works on UTF-16 chars where Go works on
/// bytes; all special symbols and whitespace are ASCII, so the tokens are the same. Like Go, a
/// NUL character is indistinguishable from the end of input.
/// </summary>
internal sealed class SelectorLexer
{
    private static readonly Dictionary<string, SelectorToken> String2Token = new(StringComparer.Ordinal)
    {
        [")"] = SelectorToken.ClosedParToken,
        [","] = SelectorToken.CommaToken,
        ["!"] = SelectorToken.DoesNotExistToken,
        ["=="] = SelectorToken.DoubleEqualsToken,
        ["="] = SelectorToken.EqualsToken,
        [">"] = SelectorToken.GreaterThanToken,
        ["in"] = SelectorToken.InToken,
        ["<"] = SelectorToken.LessThanToken,
        ["!="] = SelectorToken.NotEqualsToken,
        ["notin"] = SelectorToken.NotInToken,
        ["("] = SelectorToken.OpenParToken,
    };

    private readonly string s;
    private int pos;
    private int lastReadAt;

    internal SelectorLexer(string s)
    {
        this.s = s;
    }

    // Port of selector.go (*Lexer).Lex: skips whitespace, then scans one token.
    internal ScannedItem Lex()
    {
        var ch = SkipWhiteSpaces(Read());
        var start = lastReadAt;
        if (ch == '\0')
        {
            return new ScannedItem(SelectorToken.EndOfStringToken, string.Empty, start);
        }

        Unread();
        var (token, literal) = IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdOrKeyword();
        return new ScannedItem(token, literal, start);
    }

    // Port of selector.go isWhitespace.
    private static bool IsWhitespace(char ch) => ch is ' ' or '\t' or '\r' or '\n';

    // Port of selector.go isSpecialSymbol.
    private static bool IsSpecialSymbol(char ch) => ch is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    // Port of selector.go (*Lexer).read: returns '\0' past the end without advancing.
    private char Read()
    {
        if (pos < s.Length)
        {
            lastReadAt = pos;
            return s[pos++];
        }

        lastReadAt = s.Length;
        return '\0';
    }

    private void Unread() => pos--;

    // Port of selector.go (*Lexer).scanIDOrKeyword.
    private (SelectorToken, string) ScanIdOrKeyword()
    {
        var buffer = new StringBuilder();
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }

            if (IsSpecialSymbol(ch) || IsWhitespace(ch))
            {
                Unread();
                break;
            }

            buffer.Append(ch);
        }

        var literal = buffer.ToString();
        return String2Token.TryGetValue(literal, out var token)
            ? (token, literal)
            : (SelectorToken.IdentifierToken, literal);
    }

    // Port of selector.go (*Lexer).scanSpecialSymbol: the longest operator made of special symbols.
    private (SelectorToken, string) ScanSpecialSymbol()
    {
        var buffer = new StringBuilder();
        SelectorToken lastToken = SelectorToken.ErrorToken;
        var lastLiteral = string.Empty;
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }

            if (!IsSpecialSymbol(ch))
            {
                Unread();
                break;
            }

            buffer.Append(ch);
            if (String2Token.TryGetValue(buffer.ToString(), out var token))
            {
                lastToken = token;
                lastLiteral = buffer.ToString();
            }
            else if (lastToken != SelectorToken.ErrorToken)
            {
                Unread();
                break;
            }
        }

        if (lastToken == SelectorToken.ErrorToken)
        {
            return (SelectorToken.ErrorToken, "error expected: keyword found '" + buffer + "'");
        }

        return (lastToken, lastLiteral);
    }

    // Port of selector.go (*Lexer).skipWhiteSpaces.
    private char SkipWhiteSpaces(char ch)
    {
        while (IsWhitespace(ch))
        {
            ch = Read();
        }

        return ch;
    }
}

/// <summary>
/// Port of apimachinery/pkg/labels/selector.go Parser: a recursive descent parser over the
/// pre-scanned tokens. Errors are thrown as <see cref="SelectorParseException"/> carrying
/// Kubernetes' message and the position of the offending token.
/// </summary>
internal sealed class SelectorParser
{
    private readonly SelectorLexer lexer;
    private readonly List<ScannedItem> scannedItems = [];
    private int position;

    internal SelectorParser(string selector)
    {
        lexer = new SelectorLexer(selector);
    }

    internal IReadOnlyList<ScannedItem> ScannedItems => scannedItems;

    // Port of selector.go (*Parser).lookahead.
    internal ScannedItem Lookahead(ParserContext context) => InContext(scannedItems[Math.Min(position, scannedItems.Count - 1)], context);

    // Port of selector.go (*Parser).consume.
    internal ScannedItem Consume(ParserContext context)
    {
        var item = scannedItems[Math.Min(position, scannedItems.Count - 1)];
        position++;
        return InContext(item, context);
    }

    // Port of selector.go (*Parser).scan: tokenizes up to and including the end of string.
    internal void Scan()
    {
        while (true)
        {
            var item = lexer.Lex();
            scannedItems.Add(item);
            if (item.Token == SelectorToken.EndOfStringToken)
            {
                break;
            }
        }
    }

    // Port of selector.go (*Parser).parse (requirements are returned unsorted).
    internal List<SelectorRequirement> Parse()
    {
        Scan();
        var requirements = new List<SelectorRequirement>();
        while (true)
        {
            var item = Lookahead(ParserContext.Values);
            switch (item.Token)
            {
                case SelectorToken.IdentifierToken:
                case SelectorToken.DoesNotExistToken:
                    SelectorRequirement r;
                    try
                    {
                        r = ParseRequirement();
                    }
                    catch (SelectorParseException e)
                    {
                        throw new SelectorParseException("unable to parse requirement: " + e.Message, e.Position);
                    }

                    requirements.Add(r);
                    var t = Consume(ParserContext.Values);
                    switch (t.Token)
                    {
                        case SelectorToken.EndOfStringToken:
                            return requirements;
                        case SelectorToken.CommaToken:
                            var t2 = Lookahead(ParserContext.Values);
                            if (t2.Token != SelectorToken.IdentifierToken && t2.Token != SelectorToken.DoesNotExistToken)
                            {
                                throw Error(t2, "found '" + t2.Literal + "', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw Error(t, "found '" + t.Literal + "', expected: ',' or 'end of string'");
                    }

                    break;
                case SelectorToken.EndOfStringToken:
                    return requirements;
                default:
                    throw Error(item, "found '" + item.Literal + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private static ScannedItem InContext(ScannedItem item, ParserContext context) =>
        context == ParserContext.Values && item.Token is SelectorToken.InToken or SelectorToken.NotInToken
            ? item with { Token = SelectorToken.IdentifierToken }
            : item;

    private static SelectorParseException Error(ScannedItem at, string message) => new(message, at.Position);

    // Port of selector.go (*Parser).parseRequirement.
    private SelectorRequirement ParseRequirement()
    {
        var start = Lookahead(ParserContext.Values).Position;
        var (key, op) = ParseKeyAndInferOperator();
        if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist)
        {
            return NewRequirement(key, op.Value, new ValueSet(), start);
        }

        var binaryOp = ParseOperator();
        var values = binaryOp is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        return NewRequirement(key, binaryOp, values, start);
    }

    // labels.NewRequirement on the parsed values (sorted, as sets.String.List returns them).
    private static SelectorRequirement NewRequirement(string key, SelectorOperator op, ValueSet values, int start)
    {
        var list = values.List();
        var errors = SelectorRequirement.Validate(key, op, list);
        if (errors.Count == 0)
        {
            return SelectorRequirement.CreateUnchecked(key, op, list);
        }

        // Point at the earliest offending value; otherwise at the requirement.
        var at = int.MaxValue;
        foreach (var value in list)
        {
            var bad = LabelValidation.IsValidLabelValue(value).Count != 0
                || (op is SelectorOperator.GreaterThan or SelectorOperator.LessThan
                    && !SelectorRequirement.TryParseInt64(value, out _));
            if (bad)
            {
                at = Math.Min(at, values.PositionOf(value));
            }
        }

        throw new SelectorParseException(GoFormat.Aggregate(errors), at == int.MaxValue ? start : at);
    }

    // Port of selector.go (*Parser).parseKeyAndInferOperator: a bare key (followed by ',' or the
    // end) means Exists; a '!' prefix means DoesNotExist.
    private (string Key, SelectorOperator? Op) ParseKeyAndInferOperator()
    {
        SelectorOperator? op = null;
        var item = Consume(ParserContext.Values);
        if (item.Token == SelectorToken.DoesNotExistToken)
        {
            op = SelectorOperator.DoesNotExist;
            item = Consume(ParserContext.Values);
        }

        if (item.Token != SelectorToken.IdentifierToken)
        {
            throw Error(item, "found '" + item.Literal + "', expected: identifier");
        }

        var keyErrs = LabelValidation.IsQualifiedName(item.Literal);
        if (keyErrs.Count != 0)
        {
            // Kubernetes passes a nil field path here, which prints as "<nil>".
            throw Error(item, GoFormat.FieldInvalid("<nil>", GoFormat.Quote(item.Literal), string.Join("; ", keyErrs)));
        }

        var next = Lookahead(ParserContext.Values).Token;
        if (next is SelectorToken.EndOfStringToken or SelectorToken.CommaToken && op != SelectorOperator.DoesNotExist)
        {
            op = SelectorOperator.Exists;
        }

        return (item.Literal, op);
    }

    // Port of selector.go (*Parser).parseOperator.
    private SelectorOperator ParseOperator()
    {
        var item = Consume(ParserContext.KeyAndOperator);
        return item.Token switch
        {
            SelectorToken.InToken => SelectorOperator.In,
            SelectorToken.EqualsToken => SelectorOperator.Equals,
            SelectorToken.DoubleEqualsToken => SelectorOperator.DoubleEquals,
            SelectorToken.GreaterThanToken => SelectorOperator.GreaterThan,
            SelectorToken.LessThanToken => SelectorOperator.LessThan,
            SelectorToken.NotInToken => SelectorOperator.NotIn,
            SelectorToken.NotEqualsToken => SelectorOperator.NotEquals,
            _ => throw Error(item, "found '" + item.Literal + "', expected: "
                + string.Join(", ", SelectorRequirement.BinaryOperators)),
        };
    }

    // Port of selector.go (*Parser).parseValues: "(" values ")"; "()" is the set {""}.
    private ValueSet ParseValues()
    {
        var item = Consume(ParserContext.Values);
        if (item.Token != SelectorToken.OpenParToken)
        {
            throw Error(item, "found '" + item.Literal + "' expected: '('");
        }

        var next = Lookahead(ParserContext.Values);
        switch (next.Token)
        {
            case SelectorToken.IdentifierToken:
            case SelectorToken.CommaToken:
                var set = ParseIdentifiersList();
                var close = Consume(ParserContext.Values);
                if (close.Token != SelectorToken.ClosedParToken)
                {
                    throw Error(close, "found '" + next.Literal + "', expected: ')'");
                }

                return set;
            case SelectorToken.ClosedParToken:
                Consume(ParserContext.Values);
                var empty = new ValueSet();
                empty.Insert(string.Empty, next.Position);
                return empty;
            default:
                throw Error(next, "found '" + next.Literal + "', expected: ',', ')' or identifier");
        }
    }

    // Port of selector.go (*Parser).parseIdentifiersList: comma-separated, possibly empty, values.
    private ValueSet ParseIdentifiersList()
    {
        var set = new ValueSet();
        while (true)
        {
            var item = Consume(ParserContext.Values);
            switch (item.Token)
            {
                case SelectorToken.IdentifierToken:
                    set.Insert(item.Literal, item.Position);
                    var next = Lookahead(ParserContext.Values);
                    switch (next.Token)
                    {
                        case SelectorToken.CommaToken:
                            continue;
                        case SelectorToken.ClosedParToken:
                            return set;
                        default:
                            throw Error(next, "found '" + next.Literal + "', expected: ',' or ')'");
                    }

                case SelectorToken.CommaToken:
                    if (set.Count == 0)
                    {
                        set.Insert(string.Empty, item.Position); // to handle (,
                    }

                    var after = Lookahead(ParserContext.Values);
                    if (after.Token == SelectorToken.ClosedParToken)
                    {
                        set.Insert(string.Empty, after.Position); // to handle ,)
                        return set;
                    }

                    if (after.Token == SelectorToken.CommaToken)
                    {
                        set.Insert(string.Empty, after.Position); // to handle ,,
                    }

                    break;
                default:
                    throw Error(item, "found '" + item.Literal + "', expected: ',', or identifier");
            }
        }
    }

    // Port of selector.go (*Parser).parseExactValue: one value, or "" before ',' or the end.
    private ValueSet ParseExactValue()
    {
        var set = new ValueSet();
        var next = Lookahead(ParserContext.Values);
        if (next.Token is SelectorToken.EndOfStringToken or SelectorToken.CommaToken)
        {
            set.Insert(string.Empty, next.Position);
            return set;
        }

        var item = Consume(ParserContext.Values);
        if (item.Token == SelectorToken.IdentifierToken)
        {
            set.Insert(item.Literal, item.Position);
            return set;
        }

        throw Error(item, "found '" + item.Literal + "', expected: identifier");
    }

    /// <summary>A string set (sets.String) that remembers where each value first appeared.</summary>
    private sealed class ValueSet
    {
        private readonly Dictionary<string, int> positions = new(StringComparer.Ordinal);

        internal int Count => positions.Count;

        internal void Insert(string value, int at) => positions.TryAdd(value, at);

        internal int PositionOf(string value) => positions[value];

        // sets.String.List: the values sorted.
        internal string[] List()
        {
            var list = positions.Keys.ToArray();
            Array.Sort(list, StringComparer.Ordinal);
            return list;
        }
    }
}
