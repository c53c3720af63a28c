using System.CommandLine;
using System.CommandLine.Parsing;

namespace Gate.Cli;

/// <summary>
/// Names what the parser could not place: an option nobody declared (which a command with a PATHS argument would
/// otherwise take for a path: <c>gate estimate DIR --node 100</c>) or an unknown command, with the closest known
/// name. System.CommandLine's own typo corrections (ParseErrorAction.ShowTypoCorrections) print a multi-line list to
/// standard output; the gate prints one line on standard error, so the match is made here.
/// </summary>
internal static class UnknownInput
{
    /// <summary>The one-line message for the first unknown option or command of <paramref name="parse"/>, or null.</summary>
    public static string? Describe(ParseResult parse)
    {
        var command = parse.CommandResult;
        // Everything after "--" is an argument however it looks (a path named "--policy=x"), never an option.
        var afterDoubleDash = parse.Tokens.SkipWhile(t => t.Type != TokenType.DoubleDash).Skip(1).Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        var taken = command.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).Where(t => !afterDoubleDash.Contains(t));
        var option = taken.Concat(parse.UnmatchedTokens).FirstOrDefault(t => t.Length > 1 && t[0] == '-');
        if (option is not null)
        {
            var known = OptionNames(command);
            var name = option.Split('=', 2)[0];
            return $"unknown option '{name}'" + Suggest(name, known, quote: false);
        }

        if (command.Command.Subcommands.Count > 0 && parse.UnmatchedTokens.FirstOrDefault() is { } word)
        {
            var names = command.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            return $"unknown command '{word}'" + Suggest(word, names, quote: true);
        }

        return null;
    }

    private static IEnumerable<string> OptionNames(CommandResult command)
    {
        for (SymbolResult? r = command; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (var o in c.Command.Options.Where(o => !o.Hidden && (r == command || o.Recursive)))
                {
                    yield return o.Name;
                    foreach (var alias in o.Aliases)
                    {
                        yield return alias;
                    }
                }
            }
        }
    }

    private static string Suggest(string typed, IEnumerable<string> known, bool quote)
    {
        var best = known
            .Where(k => k.StartsWith("--", StringComparison.Ordinal) || !typed.StartsWith("--", StringComparison.Ordinal))
            .Select(k => (Name: k, Distance: Distance(typed, k)))
            .Where(k => k.Distance <= Math.Max(2, k.Name.Length / 3) || k.Name.StartsWith(typed, StringComparison.Ordinal))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => k.Name)
            .FirstOrDefault();
        return best is null ? string.Empty : quote ? $" (did you mean '{best}'?)" : $" (did you mean {best}?)";
    }

    /// <summary>Levenshtein distance (insert, delete, substitute: 1 each).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
