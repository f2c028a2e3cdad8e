using System.Text;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>Splitting a command line into words the way a POSIX shell does.</summary>
public static partial class KubectlCommandParser
{
    /// <summary>Splits like a POSIX shell: whitespace separates words; '...' is literal; "..." allows \" \\ \$ \`; \ escapes outside quotes.</summary>
    private static List<Word> Words(string text)
    {
        var words = new List<Word>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            var sb = new StringBuilder();
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                char ch = text[i];
                if (ch == '\'')
                {
                    int close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new Failure(i, "unterminated quoted string");
                    }

                    sb.Append(text, i + 1, close - i - 1);
                    i = close + 1;
                }
                else if (ch == '"')
                {
                    int open = i;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new Failure(open, "unterminated quoted string");
                        }

                        if (text[i] == '"')
                        {
                            i++;
                            break;
                        }

                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        sb.Append(text[i]);
                        i++;
                    }
                }
                else if (ch == '\\' && i + 1 < text.Length)
                {
                    sb.Append(text[i + 1]);
                    i += 2;
                }
                else
                {
                    sb.Append(ch);
                    i++;
                }
            }

            words.Add(new Word(sb.ToString(), start));
        }

        return words;
    }

    private readonly record struct Word(string Text, int Offset);
}
