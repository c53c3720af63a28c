using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gate.Core.Manifests;

/// <summary>
/// Reads YAML (one or many documents) into <see cref="ManifestNode"/> trees with positions, using YamlDotNet's
/// event parser. Rejects duplicate keys, alias expansion beyond <see cref="InputLimits.MaxAliasExpansion"/>, more
/// than <see cref="InputLimits.MaxNodes"/> nodes or <see cref="InputLimits.MaxDocuments"/> documents, and nesting
/// beyond <see cref="InputLimits.MaxDepth"/>, each as soon as the limit is crossed. Supports merge keys (<c>&lt;&lt;</c>).
/// Inputs of a megabyte or more are cut into runs of whole documents (<see cref="YamlDocumentSplitter"/>) that are
/// parsed on every core; results, limits and the first error reported are the same as a sequential parse.
/// </summary>
public sealed class YamlTreeReader
{
    /// <summary>Inputs at least this long (characters) are parsed in parallel runs of documents.</summary>
    internal const int ParallelThreshold = 1024 * 1024;

    private readonly string text;
    private readonly int start;
    private readonly int end;
    private readonly PositionMap map;
    private readonly InputLimits limits;
    private readonly Budget budget;
    private readonly Dictionary<string, ManifestNode> anchors = new(StringComparer.Ordinal);
    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private int uncounted;

    /// <summary>A reader of <paramref name="text"/>[<paramref name="start"/>, +<paramref name="length"/>) (a run of documents: no copy).</summary>
    private YamlTreeReader(string text, int start, int length, PositionMap map, InputLimits limits, Budget budget)
    {
        this.text = text;
        this.start = start;
        end = start + length;
        this.map = map;
        this.limits = limits;
        this.budget = budget;
    }

    /// <summary>Reads every document of <paramref name="text"/>; empty documents are returned as null.</summary>
    public static IReadOnlyList<ManifestNode?> ReadDocuments(string text, PositionMap map, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        limits ??= InputLimits.Default;
        var budget = new Budget(limits, map);
        // Every document-start line begins a document, so too many of them fail before any parsing; so does a
        // document too large to be a Kubernetes object (one document is parsed on one core: it bounds the time).
        var survey = YamlDocumentSplitter.Survey(text, limits.MaxDocumentChars);
        if (survey.DocumentStarts > limits.MaxDocuments)
        {
            throw TooManyDocuments(map, limits);
        }

        if (survey.Oversize is var (line, length))
        {
            throw new GateUsageException(
                $"a document of {length / (1024.0 * 1024.0):F1} MB, more than the {limits.MaxDocumentChars / (1024 * 1024)} MB a document may hold (the API server accepts at most 3 MB per object)",
                map.Map(line, 1),
                "remove it from the input: Gate reads DaemonSets, Deployments, their ConfigMaps and RBAC");
        }

        if (text.Length < ParallelThreshold)
        {
            return new YamlTreeReader(text, 0, text.Length, map, limits, budget).ReadAll();
        }

        var minChunk = Math.Max(256 * 1024, text.Length / (4 * Environment.ProcessorCount));
        var chunks = YamlDocumentSplitter.Split(text, minChunk);
        var parts = OrderedParallel.Map(chunks, chunk =>
            new YamlTreeReader(text, chunk.Start, chunk.Length, map.Offset(chunk.FirstLine - 1), limits, budget).ReadAll());
        var documents = new List<ManifestNode?>(parts.Sum(p => p.Count));
        foreach (var part in parts)
        {
            documents.AddRange(part);
        }

        if (documents.Count > limits.MaxDocuments)
        {
            throw TooManyDocuments(map, limits);
        }

        return documents;
    }

    /// <summary>Reads a single-document text (an agent config); null when it is empty.</summary>
    public static ManifestNode? ReadSingle(string text, PositionMap map, InputLimits? limits = null)
    {
        var docs = ReadDocuments(text, map, limits);
        return docs.FirstOrDefault(d => d is not null);
    }

    private static GateUsageException TooManyDocuments(PositionMap map, InputLimits limits) =>
        new($"more than {limits.MaxDocuments} YAML documents", map.Map(1, 1), "split the input");

    private List<ManifestNode?> ReadAll()
    {
        var documents = new List<ManifestNode?>();
        var parser = new GuardedParser(new Parser(new Scanner(new WindowReader(text, start, end), skipComments: true)));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                if (documents.Count >= limits.MaxDocuments)
                {
                    throw TooManyDocuments(map, limits);
                }

                anchors.Clear();
                var root = parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, 0);
                parser.Consume<DocumentEnd>();
                documents.Add(root is ManifestScalar { IsNull: true } ? null : root);
            }

            parser.Consume<StreamEnd>();
            budget.CountNodes(ref uncounted, force: true);
        }
        catch (YamlException ex)
        {
            throw new GateUsageException(
                "invalid YAML: " + CleanMessage(ex.Message),
                map.Map(Math.Max(1, (int)ex.Start.Line), Math.Max(1, (int)ex.Start.Column)),
                "fix the YAML syntax",
                ex);
        }
        catch (ParserGaveUpException ex)
        {
            // Reported at the last event the parser read, like any other syntax error.
            var at = parser.Current?.End;
            throw new GateUsageException(
                "invalid YAML: the parser could not continue after this point",
                map.Map(Math.Max(1, (int)(at?.Line ?? 1)), Math.Max(1, (int)(at?.Column ?? 1))),
                "fix the YAML syntax (an unclosed [ or { is a common cause)",
                ex.InnerException);
        }

        return documents;
    }

    private ManifestNode ReadNode(IParser parser, int depth)
    {
        if (depth > limits.MaxDepth)
        {
            var current = parser.Current;
            throw new GateUsageException(
                $"YAML nested deeper than {limits.MaxDepth} levels",
                current is null ? map.Map(1, 1) : Pos(current.Start),
                "flatten the document");
        }

        var ev = parser.Current ?? throw new GateUsageException("unexpected end of YAML", map.Map(1, 1));
        if (++uncounted >= Budget.Batch)
        {
            budget.CountNodes(ref uncounted, force: false);
        }

        switch (ev)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return ResolveAlias(alias);
            case Scalar scalar:
                parser.MoveNext();
                return Register(scalar.Anchor, ToScalar(scalar));
            case SequenceStart start:
                parser.MoveNext();
                return Register(start.Anchor, ReadSequence(parser, start, depth));
            case MappingStart start:
                parser.MoveNext();
                return Register(start.Anchor, ReadMapping(parser, start, depth));
            default:
                throw new GateUsageException($"unexpected YAML event {ev.GetType().Name}", Pos(ev.Start));
        }
    }

    private ManifestSequence ReadSequence(IParser parser, SequenceStart start, int depth)
    {
        var items = new List<ManifestNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode(parser, depth + 1));
        }

        return new ManifestSequence(items.ToArray(), map, Line(start.Start), Column(start.Start));
    }

    private ManifestMapping ReadMapping(IParser parser, MappingStart start, int depth)
    {
        var entries = new List<KeyValuePair<ManifestScalar, ManifestNode>>();
        HashSet<string>? seen = null;
        List<ManifestNode>? merges = null;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current;
            var keyNode = ReadNode(parser, depth + 1);
            if (keyNode is not ManifestScalar key)
            {
                throw new GateUsageException("mapping keys must be plain strings", keyEvent is null ? keyNode.Position : Pos(keyEvent.Start), "use a string key");
            }

            var value = ReadNode(parser, depth + 1);
            if (key.Value == "<<" && !key.Quoted)
            {
                (merges ??= []).Add(value);
                continue;
            }

            if (!ManifestKeys.TryAdd(entries, ref seen, key.Value))
            {
                throw new GateUsageException($"duplicate key '{key.Value}'", key.Position, "remove one of the two entries");
            }

            entries.Add(new(key, value));
        }

        if (merges is not null)
        {
            foreach (var merge in merges)
            {
                var sources = merge is ManifestSequence seq ? seq.Items : [merge];
                foreach (var source in sources)
                {
                    if (source is not ManifestMapping sourceMap)
                    {
                        throw new GateUsageException("a merge key (<<) must refer to a mapping", source.Position);
                    }

                    foreach (var entry in sourceMap.Entries)
                    {
                        if (ManifestKeys.TryAdd(entries, ref seen, entry.Key.Value))
                        {
                            entries.Add(entry);
                        }
                    }
                }
            }
        }

        return new ManifestMapping(entries.ToArray(), map, Line(start.Start), Column(start.Start));
    }

    private ManifestNode ResolveAlias(AnchorAlias alias)
    {
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw new GateUsageException($"unknown YAML alias '*{alias.Value.Value}'", Pos(alias.Start), "define the anchor before using it");
        }

        if (budget.AddAliasExpansion(target.Weight) > limits.MaxAliasExpansion)
        {
            throw new GateUsageException(
                $"YAML aliases expand to more than {limits.MaxAliasExpansion:N0} nodes",
                Pos(alias.Start),
                "this looks like an alias bomb; expand the aliases or remove them");
        }

        return target;
    }

    private ManifestNode Register(AnchorName anchor, ManifestNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private ManifestScalar ToScalar(Scalar scalar)
    {
        var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        var isNull = plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
        var literal = scalar.Style == ScalarStyle.Literal;
        return new ManifestScalar(Shared(scalar.Value), map, Line(scalar.Start), Column(scalar.Start), quoted: !plain, isNull: isNull, isBlock: literal, blockIndent: literal ? BlockIndent(scalar.Start) : -1);
    }

    /// <summary>
    /// One string object per distinct short scalar (keys such as <c>name</c>, values such as <c>true</c>): a large
    /// input repeats them hundreds of thousands of times, and the tree outlives the parse.
    /// </summary>
    private string Shared(string value)
    {
        if (value.Length > 64)
        {
            return value;
        }

        if (strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        strings.Add(value);
        return value;
    }

    /// <summary>Indentation of the first non-blank line after a literal block's <c>|</c> header (its content indent).</summary>
    private int BlockIndent(Mark header)
    {
        var window = text.AsSpan(start, end - start);
        var newline = header.Index < window.Length ? window[(int)header.Index..].IndexOf('\n') : -1;
        if (newline < 0)
        {
            return -1;
        }

        for (var i = (int)header.Index + newline + 1; i < window.Length;)
        {
            var indent = 0;
            while (i + indent < window.Length && window[i + indent] == ' ')
            {
                indent++;
            }

            var lineEnd = window[(i + indent)..].IndexOf('\n');
            var rest = lineEnd < 0 ? window[(i + indent)..] : window.Slice(i + indent, lineEnd);
            if (!rest.IsWhiteSpace())
            {
                return indent;
            }

            if (lineEnd < 0)
            {
                break;
            }

            i += indent + lineEnd + 1;
        }

        return -1;
    }

    /// <summary>Reads a window of a string without copying it (a run of documents of a large input).</summary>
    private sealed class WindowReader(string text, int position, int end) : TextReader
    {
        public override int Peek() => position < end ? text[position] : -1;

        public override int Read() => position < end ? text[position++] : -1;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = Math.Min(buffer.Length, end - position);
            text.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }
    }

    /// <summary>
    /// Alias expansion and nodes counted over every document run of one input (runs may be parsed concurrently).
    /// Readers add their nodes in batches, so the shared counter is touched once per <see cref="Batch"/> nodes; the
    /// first run to see the total over <see cref="InputLimits.MaxNodes"/> stops and the others stop at their next batch.
    /// </summary>
    private sealed class Budget(InputLimits limits, PositionMap map)
    {
        public const int Batch = 4096;
        private long aliasExpansion;
        private long nodes;

        public long AddAliasExpansion(long weight) => Interlocked.Add(ref aliasExpansion, weight);

        public void CountNodes(ref int uncounted, bool force)
        {
            if (uncounted == 0 && !force)
            {
                return;
            }

            Interlocked.Add(ref nodes, uncounted);
            uncounted = 0;
            ThrowIfTooMany();
        }

        public void ThrowIfTooMany()
        {
            if (Volatile.Read(ref nodes) > limits.MaxNodes)
            {
                throw limits.TooManyNodes("YAML nodes (values, mappings and sequences)", map.Map(1, 1));
            }
        }
    }

    private SourcePosition Pos(Mark mark) => map.Map(Line(mark), Column(mark));

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        var text = cut >= 0 ? message[(cut + 3)..] : message;
        return text.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>
    /// YamlDotNet's scanner gives up on some malformed input with a bare <see cref="InvalidOperationException"/>;
    /// this wrapper tells that apart from any other by where it was thrown (no stack-trace metadata needed).
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            try
            {
                return inner.MoveNext();
            }
            catch (InvalidOperationException ex)
            {
                throw new ParserGaveUpException(ex);
            }
        }
    }

    private sealed class ParserGaveUpException(InvalidOperationException inner) : Exception(inner.Message, inner);
}
