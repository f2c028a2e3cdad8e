using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Api;

/// <summary>
/// Tables ported from kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go
/// and pkg/apis/meta/v1/helpers_test.go, plus exact-message checks derived from the Go sources.
/// </summary>
public sealed class SelectorTests
{
    private const string LabelValueMsg =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string NamePartMsg =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string TooManySlashesMsg =
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

    private const string PrefixMsg =
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    // Builds a label set from "k=v,k2=v2" ("" is the empty set; "k=" has an empty value).
    private static Dictionary<string, string> Set(string spec)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        if (spec.Length == 0)
        {
            return set;
        }

        foreach (var pair in spec.Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            set[pair[..eq]] = pair[(eq + 1)..];
        }

        return set;
    }

    // getRequirement in selector_test.go: NewRequirement with sets.String(...).List() (sorted) values.
    private static SelectorRequirement Req(string key, SelectorOperator op, params string[] values) =>
        SelectorRequirement.Create(key, op, values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

    private static SelectorToken[] Tokens(string names) =>
        names.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => Enum.Parse<SelectorToken>(n)).ToArray();

    // ---- selector_test.go TestSelectorParse ----

    [Theory]
    [InlineData("x=a,y=b,z=c")]
    [InlineData("")]
    [InlineData("x!=a,y=b")]
    [InlineData("x=")]
    [InlineData("x= ")]
    [InlineData("x=,z= ")]
    [InlineData("x= ,z= ")]
    [InlineData("!x")]
    [InlineData("x>1")]
    [InlineData("x>1,z<5")]
    public void SelectorParse_GoodStringsRoundTrip(string input)
    {
        var selector = Selector.Parse(input);
        Assert.Equal(input.Replace(" ", string.Empty, StringComparison.Ordinal), selector.ToString());
    }

    [Theory]
    [InlineData("x=a||y=b")]
    [InlineData("x==a==b")]
    [InlineData("!x=a")]
    [InlineData("x<a")]
    public void SelectorParse_BadStringsFail(string input)
    {
        Assert.Throws<SelectorParseException>(() => Selector.Parse(input));
    }

    // ---- selector_test.go TestDeterministicParse ----

    [Fact]
    public void DeterministicParse()
    {
        var s1 = Selector.Parse("x=a,a=x");
        var s2 = Selector.Parse("a=x,x=a");
        Assert.Equal(s1.ToString(), s2.ToString());
        Assert.Equal("a=x,x=a", s1.ToString());
        Assert.Equal(s1, s2);
    }

    // ---- selector_test.go TestEverything ----

    [Fact]
    public void Everything()
    {
        Assert.True(Selector.Everything.Matches(Set("x=y")));
        Assert.True(Selector.Everything.Empty);
    }

    // ---- selector_test.go TestSelectorMatches (expectMatch / expectNoMatch) ----

    [Theory]
    [InlineData("", "x=y", true)]
    [InlineData("x=y", "x=y", true)]
    [InlineData("x=y,z=w", "x=y,z=w", true)]
    [InlineData("x!=y,z!=w", "x=z,z=a", true)]
    [InlineData("notin=in", "notin=in", true)] // in and notin in exactMatch
    [InlineData("x", "x=z", true)]
    [InlineData("!x", "y=z", true)]
    [InlineData("x>1", "x=2", true)]
    [InlineData("x<1", "x=0", true)]
    [InlineData("x=z", "", false)]
    [InlineData("x=y", "x=z", false)]
    [InlineData("x=y,z=w", "x=w,z=w", false)]
    [InlineData("x!=y,z!=w", "x=z,z=w", false)]
    [InlineData("x", "y=z", false)]
    [InlineData("!x", "x=z", false)]
    [InlineData("x>1", "x=0", false)]
    [InlineData("x<1", "x=2", false)]
    [InlineData("foo=bar", "foo=bar,baz=blah", true)]
    [InlineData("baz=blah", "foo=bar,baz=blah", true)]
    [InlineData("foo=bar,baz=blah", "foo=bar,baz=blah", true)]
    [InlineData("foo=blah", "foo=bar,baz=blah", false)]
    [InlineData("baz=bar", "foo=bar,baz=blah", false)]
    [InlineData("foo=bar,foobar=bar,baz=blah", "foo=bar,baz=blah", false)]
    public void SelectorMatches(string selector, string labels, bool expected)
    {
        Assert.Equal(expected, Selector.Parse(selector).Matches(Set(labels)));
    }

    // ---- selector_test.go TestSetMatches (expectMatchDirect via SelectorFromSet) ----

    [Theory]
    [InlineData("")]
    [InlineData("foo=bar")]
    [InlineData("baz=blah")]
    [InlineData("foo=bar,baz=blah")]
    public void SetMatches(string selectorSet)
    {
        Assert.True(Selector.FromMap(Set(selectorSet)).Matches(Set("foo=bar,baz=blah")));
    }

    // ---- selector_test.go TestNilMapIsValid and TestSetIsEmpty ----

    [Fact]
    public void NilMapIsValid_And_SetIsEmpty()
    {
        var fromNull = Selector.FromMap(null);
        Assert.NotNull(fromNull);
        Assert.True(fromNull.Empty);
        Assert.True(Selector.FromMap(Set(string.Empty)).Empty);
        Assert.True(Selector.Parse(string.Empty).Empty);
    }

    // ---- selector_test.go TestLexer ----

    [Theory]
    [InlineData("", "EndOfStringToken")]
    [InlineData(",", "CommaToken")]
    [InlineData("notin", "NotInToken")]
    [InlineData("in", "InToken")]
    [InlineData("=", "EqualsToken")]
    [InlineData("==", "DoubleEqualsToken")]
    [InlineData(">", "GreaterThanToken")]
    [InlineData("<", "LessThanToken")]
    [InlineData("!", "DoesNotExistToken")] // Lex returns the longest valid token found
    [InlineData("!=", "NotEqualsToken")]
    [InlineData("(", "OpenParToken")]
    [InlineData(")", "ClosedParToken")]
    [InlineData("~", "IdentifierToken")] // non-"special" characters are part of an identifier
    [InlineData("||", "IdentifierToken")]
    public void Lexer(string input, string expectedToken)
    {
        var item = new SelectorLexer(input).Lex();
        Assert.Equal(Enum.Parse<SelectorToken>(expectedToken), item.Token);
        Assert.Equal(input, item.Literal);
    }

    // ---- selector_test.go TestLexerSequence ----

    [Theory]
    [InlineData("key in ( value )", "IdentifierToken InToken OpenParToken IdentifierToken ClosedParToken")]
    [InlineData("key notin ( value )", "IdentifierToken NotInToken OpenParToken IdentifierToken ClosedParToken")]
    [InlineData("key in ( value1, value2 )", "IdentifierToken InToken OpenParToken IdentifierToken CommaToken IdentifierToken ClosedParToken")]
    [InlineData("key", "IdentifierToken")]
    [InlineData("!key", "DoesNotExistToken IdentifierToken")]
    [InlineData("()", "OpenParToken ClosedParToken")]
    [InlineData("x in (),y", "IdentifierToken InToken OpenParToken ClosedParToken CommaToken IdentifierToken")]
    [InlineData("== != (), = notin", "DoubleEqualsToken NotEqualsToken OpenParToken ClosedParToken CommaToken EqualsToken NotInToken")]
    [InlineData("key>2", "IdentifierToken GreaterThanToken IdentifierToken")]
    [InlineData("key<1", "IdentifierToken LessThanToken IdentifierToken")]
    public void LexerSequence(string input, string expectedTokens)
    {
        var lexer = new SelectorLexer(input);
        var tokens = new List<SelectorToken>();
        while (true)
        {
            var item = lexer.Lex();
            if (item.Token == SelectorToken.EndOfStringToken)
            {
                break;
            }

            tokens.Add(item.Token);
        }

        Assert.Equal(Tokens(expectedTokens), tokens);
    }

    // ---- selector_test.go TestParserLookahead ----

    [Theory]
    [InlineData("key in ( value )", "IdentifierToken InToken OpenParToken IdentifierToken ClosedParToken EndOfStringToken")]
    [InlineData("key notin ( value )", "IdentifierToken NotInToken OpenParToken IdentifierToken ClosedParToken EndOfStringToken")]
    [InlineData("key in ( value1, value2 )", "IdentifierToken InToken OpenParToken IdentifierToken CommaToken IdentifierToken ClosedParToken EndOfStringToken")]
    [InlineData("key", "IdentifierToken EndOfStringToken")]
    [InlineData("!key", "DoesNotExistToken IdentifierToken EndOfStringToken")]
    [InlineData("()", "OpenParToken ClosedParToken EndOfStringToken")]
    [InlineData("", "EndOfStringToken")]
    [InlineData("x in (),y", "IdentifierToken InToken OpenParToken ClosedParToken CommaToken IdentifierToken EndOfStringToken")]
    [InlineData("== != (), = notin", "DoubleEqualsToken NotEqualsToken OpenParToken ClosedParToken CommaToken EqualsToken NotInToken EndOfStringToken")]
    [InlineData("key>2", "IdentifierToken GreaterThanToken IdentifierToken EndOfStringToken")]
    [InlineData("key<1", "IdentifierToken LessThanToken IdentifierToken EndOfStringToken")]
    public void ParserLookahead(string input, string expectedTokens)
    {
        var parser = new SelectorParser(input);
        parser.Scan();
        Assert.Equal(Tokens(expectedTokens), parser.ScannedItems.Select(i => i.Token));
        while (true)
        {
            var lookahead = parser.Lookahead(ParserContext.KeyAndOperator);
            var consumed = parser.Consume(ParserContext.KeyAndOperator);
            if (lookahead.Token == SelectorToken.EndOfStringToken)
            {
                break;
            }

            Assert.Equal(lookahead, consumed);
        }
    }

    // ---- selector_test.go TestRequirementConstructor ----

    public static TheoryData<string, SelectorOperator, string[]?, bool> RequirementConstructorCases => new()
    {
        { "x", SelectorOperator.In, null, false },
        { "x", SelectorOperator.NotIn, [], false },
        { "x", SelectorOperator.In, ["foo"], true },
        { "x", SelectorOperator.NotIn, ["foo"], true },
        { "x", SelectorOperator.Exists, null, true },
        { "x", SelectorOperator.DoesNotExist, null, true },
        { "1foo", SelectorOperator.In, ["bar"], true },
        { "1234", SelectorOperator.In, ["bar"], true },
        { "y", SelectorOperator.GreaterThan, ["1"], true },
        { "z", SelectorOperator.LessThan, ["6"], true },
        { "foo", SelectorOperator.GreaterThan, ["bar"], false },
        { "barz", SelectorOperator.LessThan, ["blah"], false },
        { new string('a', 254), SelectorOperator.Exists, null, false }, // breaks DNS rule that len(key) <= 253
    };

    [Theory]
    [MemberData(nameof(RequirementConstructorCases))]
    public void RequirementConstructor(string key, SelectorOperator op, string[]? values, bool success)
    {
        var ex = Record.Exception(() => SelectorRequirement.Create(key, op, values));
        if (success)
        {
            Assert.Null(ex);
        }
        else
        {
            var parseException = Assert.IsType<SelectorParseException>(ex);
            Assert.Equal(-1, parseException.Position);
        }
    }

    // Upstream's later TestRequirementConstructor checks the field path and bad value of each
    // error; these are the full messages NewRequirement renders for those cases.
    public static TheoryData<string, SelectorOperator, string[]?, string> RequirementConstructorErrorCases => new()
    {
        { "x1", SelectorOperator.In, [], "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty" },
        { "x1", SelectorOperator.In, null, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty" },
        { "x5", SelectorOperator.Equals, ["bar", "foo"], "values: Invalid value: []string{\"bar\", \"foo\"}: exact-match compatibility requires one single value" },
        { "x8", SelectorOperator.Exists, ["foo"], "values: Invalid value: []string{\"foo\"}: values set must be empty for exists and does not exist" },
        { "x13", SelectorOperator.GreaterThan, [], "values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required" },
        { "x14", SelectorOperator.GreaterThan, ["bar"], "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer" },
        { "x15", SelectorOperator.LessThan, ["bar"], "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer" },
        { new string('a', 254), SelectorOperator.Exists, null, "key: Invalid value: \"" + new string('a', 254) + "\": name part must be no more than 63 bytes" },
        { "x16", SelectorOperator.Equals, [new string('a', 254)], "values[0][x16]: Invalid value: \"" + new string('a', 254) + "\": must be no more than 63 bytes" },
        { "x17", SelectorOperator.Equals, ["a b"], "values[0][x17]: Invalid value: \"a b\": " + LabelValueMsg },
        { "x18", (SelectorOperator)99, null, "operator: Unsupported value: \"99\": supported values: \"in\", \"notin\", \"=\", \"==\", \"!=\", \"gt\", \"lt\", \"exists\", \"!\"" },
        { "a b", SelectorOperator.In, [], "[key: Invalid value: \"a b\": " + NamePartMsg + ", values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]" },
    };

    [Theory]
    [MemberData(nameof(RequirementConstructorErrorCases))]
    public void RequirementConstructor_ErrorMessages(string key, SelectorOperator op, string[]? values, string expected)
    {
        var ex = Assert.Throws<SelectorParseException>(() => SelectorRequirement.Create(key, op, values));
        Assert.Equal(expected, ex.Message);
    }

    // ---- selector_test.go TestToString (the zero-value Requirement row cannot be built here) ----

    public static TheoryData<SelectorRequirement[], string> ToStringCases => new()
    {
        {
            [Req("x", SelectorOperator.In, "abc", "def"), Req("y", SelectorOperator.NotIn, "jkl"), Req("z", SelectorOperator.Exists)],
            "x in (abc,def),y notin (jkl),z"
        },
        {
            [Req("x", SelectorOperator.NotIn, "abc", "def"), Req("y", SelectorOperator.NotEquals, "jkl"), Req("z", SelectorOperator.DoesNotExist)],
            "x notin (abc,def),y!=jkl,!z"
        },
        {
            [Req("x", SelectorOperator.NotIn, "abc"), Req("y", SelectorOperator.In, "jkl", "mno"), Req("z", SelectorOperator.NotIn, string.Empty)],
            "x notin (abc),y in (jkl,mno),z notin ()"
        },
        {
            [Req("x", SelectorOperator.Equals, "abc"), Req("y", SelectorOperator.DoubleEquals, "jkl"), Req("z", SelectorOperator.NotEquals, "a"), Req("z", SelectorOperator.Exists)],
            "x=abc,y==jkl,z!=a,z"
        },
        {
            [Req("x", SelectorOperator.GreaterThan, "2"), Req("y", SelectorOperator.LessThan, "8"), Req("z", SelectorOperator.Exists)],
            "x>2,y<8,z"
        },
    };

    [Theory]
    [MemberData(nameof(ToStringCases))]
    public void ToString_Canonical(SelectorRequirement[] requirements, string expected)
    {
        Assert.Equal(expected, Selector.Everything.Add(requirements).ToString());
    }

    // ---- selector_test.go TestRequirementSelectorMatching (the zero-value Requirement row cannot be built here) ----

    public static TheoryData<string, SelectorRequirement[], bool> RequirementSelectorMatchingCases => new()
    {
        { "x=foo,y=baz", [Req("x", SelectorOperator.In, "foo"), Req("y", SelectorOperator.NotIn, "alpha")], true },
        { "x=foo,y=baz", [Req("x", SelectorOperator.In, "foo"), Req("y", SelectorOperator.In, "alpha")], false },
        { "y=", [Req("x", SelectorOperator.NotIn, string.Empty), Req("y", SelectorOperator.Exists)], true },
        { "y=", [Req("x", SelectorOperator.DoesNotExist), Req("y", SelectorOperator.Exists)], true },
        { "y=", [Req("x", SelectorOperator.NotIn, string.Empty), Req("y", SelectorOperator.DoesNotExist)], false },
        { "y=baz", [Req("x", SelectorOperator.In, string.Empty)], false },
        { "z=2", [Req("z", SelectorOperator.GreaterThan, "1")], true },
        { "z=v2", [Req("z", SelectorOperator.GreaterThan, "1")], false },
    };

    [Theory]
    [MemberData(nameof(RequirementSelectorMatchingCases))]
    public void RequirementSelectorMatching(string labels, SelectorRequirement[] requirements, bool expected)
    {
        Assert.Equal(expected, Selector.Everything.Add(requirements).Matches(Set(labels)));
    }

    // ---- selector_test.go TestSetSelectorParser ----

    public static TheoryData<string, SelectorRequirement[]?, bool, bool> SetSelectorParserCases => new()
    {
        { "", [], true, true },
        { "\rx", [Req("x", SelectorOperator.Exists)], true, true },
        { "this-is-a-dns.domain.com/key-with-dash", [Req("this-is-a-dns.domain.com/key-with-dash", SelectorOperator.Exists)], true, true },
        {
            "this-is-another-dns.domain.com/key-with-dash in (so,what)",
            [Req("this-is-another-dns.domain.com/key-with-dash", SelectorOperator.In, "so", "what")], true, true
        },
        {
            "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
            [Req("0.1.2.domain/99", SelectorOperator.NotIn, "10.10.100.1", "tick.tack.clock")], true, true
        },
        { "foo  in\t (abc)", [Req("foo", SelectorOperator.In, "abc")], true, true },
        { "x notin\n (abc)", [Req("x", SelectorOperator.NotIn, "abc")], true, true },
        { "x  notin\t\t\t(abc,def)", [Req("x", SelectorOperator.NotIn, "abc", "def")], true, true },
        { "x in (abc,def)", [Req("x", SelectorOperator.In, "abc", "def")], true, true },
        { "x in (abc,)", [Req("x", SelectorOperator.In, "abc", string.Empty)], true, true },
        { "x in ()", [Req("x", SelectorOperator.In, string.Empty)], true, true },
        {
            "x notin (abc,,def),bar,z in (),w",
            [
                Req("bar", SelectorOperator.Exists),
                Req("w", SelectorOperator.Exists),
                Req("x", SelectorOperator.NotIn, "abc", string.Empty, "def"),
                Req("z", SelectorOperator.In, string.Empty),
            ],
            true, true
        },
        { "x,y in (a)", [Req("y", SelectorOperator.In, "a"), Req("x", SelectorOperator.Exists)], false, true },
        { "x=a", [Req("x", SelectorOperator.Equals, "a")], true, true },
        { "x>1", [Req("x", SelectorOperator.GreaterThan, "1")], true, true },
        { "x<7", [Req("x", SelectorOperator.LessThan, "7")], true, true },
        { "x=a,y!=b", [Req("x", SelectorOperator.Equals, "a"), Req("y", SelectorOperator.NotEquals, "b")], true, true },
        {
            "x=a,y!=b,z in (h,i,j)",
            [Req("x", SelectorOperator.Equals, "a"), Req("y", SelectorOperator.NotEquals, "b"), Req("z", SelectorOperator.In, "h", "i", "j")],
            true, true
        },
        { "x=a||y=b", [], false, false },
        { "x,,y", null, true, false },
        { ",x,y", null, true, false },
        { "x nott in (y)", null, true, false },
        { "x notin ( )", [Req("x", SelectorOperator.NotIn, string.Empty)], true, true },
        { "x notin (, a)", [Req("x", SelectorOperator.NotIn, string.Empty, "a")], true, true },
        { "a in (xyz),", null, true, false },
        { "a in (xyz)b notin ()", null, true, false },
        { "a ", [Req("a", SelectorOperator.Exists)], true, true },
        { "a in (x,y,notin, z,in)", [Req("a", SelectorOperator.In, "in", "notin", "x", "y", "z")], true, true }, // operator 'in' inside list of identifiers
        { "a in (xyz abc)", null, false, false }, // no comma
        { "a notin(", null, true, false }, // bad formed
        { "a (", null, false, false }, // cpar
        { "(", null, false, false }, // opar
    };

    [Theory]
    [MemberData(nameof(SetSelectorParserCases))]
    public void SetSelectorParser(string input, SelectorRequirement[]? expected, bool match, bool valid)
    {
        var ex = Record.Exception(() => Selector.Parse(input));
        if (!valid)
        {
            Assert.IsType<SelectorParseException>(ex);
            return;
        }

        Assert.Null(ex);
        if (match)
        {
            Assert.Equal(expected!, Selector.Parse(input).Requirements);
        }
    }

    // ---- selector_test.go TestAdd ----

    [Fact]
    public void Add()
    {
        var sel = Selector.Everything.Add(SelectorRequirement.Create("key", SelectorOperator.In, ["value"]));
        Assert.Equal(new[] { Req("key", SelectorOperator.In, "value") }, sel.Requirements);

        sel = sel.Add(SelectorRequirement.Create("key2", SelectorOperator.Equals, ["value2"]));
        Assert.Equal(new[] { Req("key", SelectorOperator.In, "value"), Req("key2", SelectorOperator.Equals, "value2") }, sel.Requirements);

        Assert.Same(Selector.Nothing, Selector.Nothing.Add(Req("key", SelectorOperator.Exists)));
    }

    // ---- selector_test.go TestSafeSort ----

    [Theory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "bar", "foo" }, new[] { "bar", "foo" })]
    [InlineData(new[] { "foo", "bar" }, new[] { "bar", "foo" })]
    [InlineData(new[] { "foo", "bar", "foo", "bar" }, new[] { "bar", "bar", "foo", "foo" })]
    public void SafeSort(string[] input, string[] want)
    {
        var inCopy = input.ToArray();
        Assert.Equal(want, SelectorRequirement.SafeSort(input));
        Assert.Equal(inCopy, input);
    }

    // ---- selector_test.go TestRequiresExactMatch ----

    public static TheoryData<string, SelectorRequirement[], string, bool, string> RequiresExactMatchCases => new()
    {
        { "keyInOperatorExactMatch", [Req("key", SelectorOperator.In, "value")], "key", true, "value" },
        { "keyInOperatorNotExactMatch", [Req("key", SelectorOperator.In, "value", "value2")], "key", false, string.Empty },
        {
            "keyInOperatorNotExactMatch2",
            [Req("key", SelectorOperator.In, "value", "value1"), Req("key2", SelectorOperator.In, "value2")], "key2", true, "value2"
        },
        { "keyEqualOperatorExactMatch", [Req("key", SelectorOperator.Equals, "value")], "key", true, "value" },
        { "keyDoubleEqualOperatorExactMatch", [Req("key", SelectorOperator.DoubleEquals, "value")], "key", true, "value" },
        { "keyNotEqualOperatorExactMatch", [Req("key", SelectorOperator.NotEquals, "value")], "key", false, string.Empty },
        {
            "keyEqualOperatorExactMatchFirst",
            [Req("key", SelectorOperator.In, "value"), Req("key2", SelectorOperator.In, "value2")], "key", true, "value"
        },
    };

    [Theory]
    [MemberData(nameof(RequiresExactMatchCases))]
    public void RequiresExactMatch(string name, SelectorRequirement[] requirements, string label, bool expectedFound, string expectedValue)
    {
        Assert.NotEmpty(name);
        var found = Selector.Everything.Add(requirements).RequiresExactMatch(label, out var value);
        Assert.Equal(expectedFound, found);
        if (found)
        {
            Assert.Equal(expectedValue, value);
        }
    }

    // ---- helpers_test.go TestLabelSelectorAsSelector ----

    private static LabelSelector MakeLabelSelector(bool withLabels, bool withExpressions)
    {
        var selector = new LabelSelector();
        if (withLabels)
        {
            selector.MatchLabels["foo"] = "bar";
        }

        if (withExpressions)
        {
            selector.MatchExpressions.Add(new LabelSelectorRequirement("baz", LabelSelectorOperator.In, ["qux", "norf"]));
        }

        return selector;
    }

    [Fact]
    public void LabelSelectorAsSelector()
    {
        Assert.Same(Selector.Nothing, Selector.FromLabelSelector(null));
        Assert.Same(Selector.Everything, Selector.FromLabelSelector(new LabelSelector()));
        Assert.Equal(Selector.Parse("foo=bar"), Selector.FromLabelSelector(MakeLabelSelector(true, false)));

        // Values keep their given order inside the requirement but print sorted.
        var expressions = Selector.FromLabelSelector(MakeLabelSelector(false, true));
        Assert.Equal(Selector.Parse("baz in (norf,qux)").ToString(), expressions.ToString());
        Assert.Equal(new[] { "qux", "norf" }, expressions.Requirements[0].Values);

        var both = MakeLabelSelector(true, true);
        Assert.Equal("baz in (norf,qux),foo=bar", Selector.FromLabelSelector(both).ToString());
        // after calling LabelSelectorAsSelector, the input shouldn't be modified
        Assert.Equal(MakeLabelSelector(true, true).MatchLabels, both.MatchLabels);
        Assert.Equal(MakeLabelSelector(true, true).MatchExpressions, both.MatchExpressions);

        var existsWithValues = new LabelSelector
        {
            MatchExpressions = { new LabelSelectorRequirement("baz", LabelSelectorOperator.Exists, ["qux", "norf"]) },
        };
        Assert.Throws<SelectorParseException>(() => Selector.FromLabelSelector(existsWithValues));
    }

    // ---- Beyond the Go tables: exact messages and positions, canonical form, semantics ----

    [Theory]
    [InlineData("x=a||y=b", "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + LabelValueMsg, 2)]
    [InlineData("x==a==b", "found '==', expected: ',' or 'end of string'", 4)]
    [InlineData("!x=a", "found '=', expected: ',' or 'end of string'", 2)]
    [InlineData("x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer", 2)]
    [InlineData("x,,y", "found ',', expected: identifier after ','", 2)]
    [InlineData(",x,y", "found ',', expected: !, identifier, or 'end of string'", 0)]
    [InlineData("x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt", 2)]
    [InlineData("a in (xyz),", "found '', expected: identifier after ','", 11)]
    [InlineData("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'", 10)]
    [InlineData("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'", 10)]
    [InlineData("a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier", 8)]
    [InlineData("a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt", 2)]
    [InlineData("(", "found '(', expected: !, identifier, or 'end of string'", 0)]
    [InlineData("x in y", "unable to parse requirement: found 'y' expected: '('", 5)]
    [InlineData("x in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier", 8)]
    [InlineData("x=(", "unable to parse requirement: found '(', expected: identifier", 2)]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier", 1)]
    [InlineData("a,!=b", "found '!=', expected: identifier after ','", 2)]
    [InlineData("!!x", "unable to parse requirement: found '!', expected: identifier", 1)]
    [InlineData("x in (a, b~)", "unable to parse requirement: values[1][x]: Invalid value: \"b~\": " + LabelValueMsg, 9)]
    [InlineData("x/y/z", "unable to parse requirement: <nil>: Invalid value: \"x/y/z\": " + TooManySlashesMsg, 0)]
    [InlineData("a, Foo.com/bar", "unable to parse requirement: <nil>: Invalid value: \"Foo.com/bar\": " + PrefixMsg, 3)]
    [InlineData("-x=1", "unable to parse requirement: <nil>: Invalid value: \"-x\": " + NamePartMsg, 0)]
    public void Parse_ErrorMessagesAndPositions(string input, string message, int position)
    {
        var ex = Assert.Throws<SelectorParseException>(() => Selector.Parse(input));
        Assert.Equal(message, ex.Message);
        Assert.Equal(position, ex.Position);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void FromLabelSelector_SameKeyInLabelsAndExpressions_KeepsLabelsFirst()
    {
        var selector = new LabelSelector
        {
            MatchLabels = { ["tier"] = "frontend" },
            MatchExpressions = { new LabelSelectorRequirement("tier", LabelSelectorOperator.In, ["frontend"]) },
        };
        Assert.Equal("tier=frontend,tier in (frontend)", Selector.FromLabelSelector(selector).ToString());
    }

    [Fact]
    public void FromLabelSelector_SortsByKeyAndMatches()
    {
        var selector = new LabelSelector
        {
            MatchLabels = { ["b"] = "2", ["a"] = "1" },
            MatchExpressions =
            {
                new LabelSelectorRequirement("env", LabelSelectorOperator.NotIn, ["prod", "dev"]),
                new LabelSelectorRequirement("canary", LabelSelectorOperator.DoesNotExist, []),
                new LabelSelectorRequirement("app", LabelSelectorOperator.Exists, []),
            },
        };
        var s = Selector.FromLabelSelector(selector);
        Assert.Equal("a=1,app,b=2,!canary,env notin (dev,prod)", s.ToString());
        Assert.True(s.Matches(Set("a=1,b=2,app=web")));
        Assert.True(s.Matches(Set("a=1,b=2,app=web,env=test")));
        Assert.False(s.Matches(Set("a=1,b=2,app=web,env=prod")));
        Assert.False(s.Matches(Set("a=1,b=2,app=web,canary=")));
        Assert.False(s.Matches(Set("a=1,b=2")));
        Assert.False(s.Empty);
        Assert.Equal(s.ToString(), Selector.Parse(s.ToString()).ToString());
    }

    [Theory]
    [InlineData("Gt", "\"Gt\" is not a valid pod selector operator")]
    [InlineData("in", "\"in\" is not a valid pod selector operator")]
    [InlineData("", "\"\" is not a valid pod selector operator")]
    public void FromLabelSelector_BadOperator(string op, string message)
    {
        var selector = new LabelSelector { MatchExpressions = { new LabelSelectorRequirement("a", op, ["b"]) } };
        var ex = Assert.Throws<SelectorParseException>(() => Selector.FromLabelSelector(selector));
        Assert.Equal(message, ex.Message);
        Assert.Equal(-1, ex.Position);
    }

    [Fact]
    public void FromLabelSelector_InvalidRequirementMessages()
    {
        var existsWithValues = new LabelSelector
        {
            MatchExpressions = { new LabelSelectorRequirement("baz", LabelSelectorOperator.Exists, ["qux", "norf"]) },
        };
        Assert.Equal(
            "values: Invalid value: []string{\"qux\", \"norf\"}: values set must be empty for exists and does not exist",
            Assert.Throws<SelectorParseException>(() => Selector.FromLabelSelector(existsWithValues)).Message);

        var inWithoutValues = new LabelSelector
        {
            MatchExpressions = { new LabelSelectorRequirement("baz", LabelSelectorOperator.In, []) },
        };
        Assert.Equal(
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
            Assert.Throws<SelectorParseException>(() => Selector.FromLabelSelector(inWithoutValues)).Message);

        var badLabel = new LabelSelector { MatchLabels = { ["foo"] = "bar baz" } };
        Assert.Equal(
            "values[0][foo]: Invalid value: \"bar baz\": " + LabelValueMsg,
            Assert.Throws<SelectorParseException>(() => Selector.FromLabelSelector(badLabel)).Message);
    }

    [Fact]
    public void Nothing_MatchesNothing()
    {
        Assert.False(Selector.Nothing.Matches(Set(string.Empty)));
        Assert.False(Selector.Nothing.Matches(Set("x=y")));
        Assert.False(Selector.Nothing.Empty);
        Assert.True(Selector.Nothing.MatchesNothing);
        Assert.False(Selector.Everything.MatchesNothing);
        Assert.Equal(string.Empty, Selector.Nothing.ToString());
        Assert.NotEqual(Selector.Nothing, Selector.Everything);
    }

    [Fact]
    public void FromMap_SortsAndDoesNotValidate()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["z"] = "1", ["a b"] = "=x", ["m"] = string.Empty };
        var s = Selector.FromMap(labels);
        Assert.Equal("a b==x,m=,z=1", s.ToString());
        Assert.True(s.Matches(labels));
        Assert.False(s.Matches(Set("z=1,m=")));
    }

    [Theory]
    [InlineData("x in (b,a,b)", "x in (a,b)")]
    [InlineData("x notin (b, ,a)", "x notin (,a,b)")]
    [InlineData("b, a, !c", "a,b,!c")]
    [InlineData("x==a", "x==a")]
    [InlineData("in in (in)", "in in (in)")]
    [InlineData("notin notin (notin)", "notin notin (notin)")]
    [InlineData("x\t=\ny", "x=y")]
    [InlineData("k>-5", null)]
    public void Parse_CanonicalForm(string input, string? expected)
    {
        if (expected is null)
        {
            // "-5" fails label value validation before the integer check matters.
            Assert.Throws<SelectorParseException>(() => Selector.Parse(input));
            return;
        }

        Assert.Equal(expected, Selector.Parse(input).ToString());
    }

    [Theory]
    [InlineData("x>9223372036854775806", "x=9223372036854775807", true)]
    [InlineData("x>1", "x=99999999999999999999", false)] // label value overflows int64
    [InlineData("x<10", "x=+3", true)] // strconv.ParseInt accepts a sign
    [InlineData("x<10", "x=3.0", false)]
    [InlineData("x<10", "y=3", false)]
    public void GreaterLess_Int64Semantics(string selector, string labels, bool expected)
    {
        Assert.Equal(expected, Selector.Parse(selector).Matches(Set(labels)));
    }

    [Fact]
    public void Parse_NulActsAsEndOfInput()
    {
        // Go's lexer reads a NUL byte as 0, its end-of-input marker: at the start of a token it ends
        // the input; right after an identifier or operator it is silently swallowed.
        Assert.Equal("x", Selector.Parse("x \0,,garbage").ToString());
        Assert.Equal("x,y", Selector.Parse("x\0,y").ToString());
        Assert.Equal(
            "found ',', expected: identifier after ','",
            Assert.Throws<SelectorParseException>(() => Selector.Parse("x\0,,garbage")).Message);
    }

    [Theory]
    [InlineData("", new[] { "name part must be non-empty", NamePartMsg })]
    [InlineData("/x", new[] { "prefix part must be non-empty" })]
    [InlineData("x/", new[] { "name part must be non-empty", NamePartMsg })]
    [InlineData("a/b/c", new[] { TooManySlashesMsg })]
    [InlineData("Foo.com/bar", new[] { PrefixMsg })]
    [InlineData("foo.com/Bar_baz.1", new string[0])]
    [InlineData("MyName", new string[0])]
    public void LabelValidation_IsQualifiedName(string key, string[] expected)
    {
        Assert.Equal(expected, LabelValidation.IsQualifiedName(key));
    }

    [Fact]
    public void LabelValidation_Lengths()
    {
        Assert.Empty(LabelValidation.IsQualifiedName(new string('a', 63)));
        Assert.Equal(new[] { "name part must be no more than 63 bytes" }, LabelValidation.IsQualifiedName(new string('a', 64)));
        Assert.Empty(LabelValidation.IsQualifiedName(new string('a', 253) + "/a"));
        Assert.Equal(
            new[] { "prefix part must be no more than 253 bytes" },
            LabelValidation.IsQualifiedName(new string('a', 254) + "/a"));
        Assert.Empty(LabelValidation.IsValidLabelValue(new string('v', 63)));
        Assert.Equal(new[] { "must be no more than 63 bytes" }, LabelValidation.IsValidLabelValue(new string('v', 64)));

        // Lengths are UTF-8 bytes: 32 two-byte characters exceed 63 bytes.
        Assert.Equal(new[] { "must be no more than 63 bytes", LabelValueMsg }, LabelValidation.IsValidLabelValue(new string('é', 32)));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("a", true)]
    [InlineData("a.b-c_d", true)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a\n", false)] // Go's "$" does not match before a trailing newline
    [InlineData("a b", false)]
    public void LabelValidation_IsValidLabelValue(string value, bool valid)
    {
        var errs = LabelValidation.IsValidLabelValue(value);
        Assert.Equal(valid, errs.Count == 0);
        if (!valid)
        {
            Assert.Equal(new[] { LabelValueMsg }, errs);
        }
    }

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("\n\t\r\u0001\u007f", "\"\\n\\t\\r\\x01\\x7f\"")]
    [InlineData("é\u00a0\U0001F600", "\"é\\u00a0\U0001F600\"")]
    public void GoQuote(string input, string expected)
    {
        Assert.Equal(expected, GoFormat.Quote(input));
    }
}
