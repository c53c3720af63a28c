using System.Runtime.InteropServices;
using System.Text;
using Gate.Core.Manifests;

namespace Gate.Core.Profiling;

/// <summary>A line of an audit log that is not an audit event, with its position.</summary>
public sealed record BadLine(SourcePosition Position, string Problem);

/// <summary>
/// Splits the bytes of audit logs handed in by the caller into lines and classifies each with
/// <see cref="AuditLineParser"/>: the profiled user's events go to a <see cref="ProfileBuilder"/>, other users are only
/// counted (for the "no such user" answer), bad lines are counted with the first few positions kept. The caller does
/// the reading (files, gzip, standard input); memory is one partial line plus the builder's records.
/// </summary>
public sealed class AuditLogScanner
{
    /// <summary>Longer lines (RequestResponse-level events of huge lists) are skipped as bad.</summary>
    public const int MaxLineBytes = 8 * 1024 * 1024;

    /// <summary>Bad lines whose positions are kept.</summary>
    public const int KeptBadLines = 5;

    private const int MaxUsersCounted = 10_000;

    private readonly byte[] user;
    private readonly List<BadLine> badLines = [];
    private readonly Dictionary<string, long> users = new(StringComparer.Ordinal);
    private byte[] carry = new byte[64 * 1024];
    private int carryLength;
    private bool skippingLongLine;
    private string source = "-";
    private int line;

    public AuditLogScanner(ProfileBuilder builder, string user)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        Builder = builder;
        this.user = Encoding.UTF8.GetBytes(user);
    }

    public ProfileBuilder Builder { get; }

    /// <summary>Non-blank lines read.</summary>
    public long Lines { get; private set; }

    /// <summary>Lines that are not audit.k8s.io/v1 events.</summary>
    public long BadLineCount { get; private set; }

    /// <summary>Events of the profiled user read (any stage read).</summary>
    public long UserEvents { get; private set; }

    /// <summary>
    /// True once 10,000 lines were read and nine in ten are bad: the input is not an audit log, and reading on (every
    /// bad line costs an exception) would only delay the answer.
    /// </summary>
    public bool NotAnAuditLog => Lines >= 10_000 && BadLineCount * 10 >= Lines * 9;

    /// <summary>The first <see cref="KeptBadLines"/> bad lines.</summary>
    public IReadOnlyList<BadLine> BadLines => badLines;

    /// <summary>The users with the most requests (<c>ResponseComplete</c> events), most first.</summary>
    public IReadOnlyList<(string User, long Requests)> TopUsers(int count) =>
        [.. users.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal).Take(count).Select(u => (u.Key, u.Value))];

    /// <summary>Starts a new input (its name is used in positions; lines count from 1).</summary>
    public void BeginSource(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        source = name;
        line = 0;
        carryLength = 0;
        skippingLongLine = false;
    }

    /// <summary>Scans the next bytes of the current input.</summary>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            var part = newline < 0 ? chunk : chunk[..newline];
            if (newline < 0)
            {
                Append(part);
                return;
            }

            if (carryLength == 0 && !skippingLongLine)
            {
                Line(part);
            }
            else
            {
                Append(part);
                EndLine();
            }

            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>Ends the current input: a last line without a line break is scanned; a cut input is a bad line.</summary>
    /// <param name="cutShort">Why the input ended early (a truncated gzip stream), or null.</param>
    public void EndSource(string? cutShort = null)
    {
        if (cutShort is not null)
        {
            Bad(line + 1, $"{cutShort}; the events before this line were read");
            carryLength = 0;
            skippingLongLine = false;
            return;
        }

        if (carryLength > 0 || skippingLongLine)
        {
            EndLine();
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (skippingLongLine)
        {
            return;
        }

        if (carryLength + part.Length > MaxLineBytes)
        {
            skippingLongLine = true;
            carryLength = 0;
            return;
        }

        if (carryLength + part.Length > carry.Length)
        {
            Array.Resize(ref carry, Math.Min(MaxLineBytes, Math.Max(carry.Length * 2, carryLength + part.Length)));
        }

        part.CopyTo(carry.AsSpan(carryLength));
        carryLength += part.Length;
    }

    private void EndLine()
    {
        if (skippingLongLine)
        {
            line++;
            Lines++;
            Bad(line, $"an event longer than {MaxLineBytes / (1024 * 1024)} MB was skipped (the Metadata audit level is enough for gate profile)");
            skippingLongLine = false;
            return;
        }

        Line(carry.AsSpan(0, carryLength));
        carryLength = 0;
    }

    private void Line(ReadOnlySpan<byte> text)
    {
        line++;
        switch (AuditLineParser.Parse(text, user, out var ev, out var other, out var error))
        {
            case AuditLineKind.Blank:
                return;
            case AuditLineKind.Event:
                Lines++;
                UserEvents++;
                Count(user);
                Builder.Add(ev!);
                return;
            case AuditLineKind.OtherUser:
                Lines++;
                Count(other);
                return;
            case AuditLineKind.Ignored:
                Lines++;
                return;
            default:
                Lines++;
                Bad(line, error ?? "not an audit event");
                return;
        }
    }

    private void Bad(int at, string problem)
    {
        BadLineCount++;
        if (badLines.Count < KeptBadLines)
        {
            badLines.Add(new BadLine(new SourcePosition(source, at, 1), problem));
        }
    }

    private void Count(ReadOnlySpan<byte> name)
    {
        Span<char> chars = stackalloc char[256];
        if (name.Length > chars.Length)
        {
            return;
        }

        var key = chars[..Encoding.UTF8.GetChars(name, chars)];
        var lookup = users.GetAlternateLookup<ReadOnlySpan<char>>();
        if (users.Count < MaxUsersCounted)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _)++;
        }
        else if (lookup.TryGetValue(key, out var count))
        {
            lookup[key] = count + 1;
        }
    }
}
