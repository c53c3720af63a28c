using System.Text.Json;

namespace Gate.Core.Profiling;

/// <summary>What one line of an audit log turned out to be.</summary>
public enum AuditLineKind
{
    /// <summary>Empty or white space.</summary>
    Blank,

    /// <summary>An event of the profiled user at a stage <c>gate profile</c> reads.</summary>
    Event,

    /// <summary>An event of another user (its user name is returned, nothing else is read).</summary>
    OtherUser,

    /// <summary>An event at a stage that carries nothing new (<c>RequestReceived</c>, <c>Panic</c>).</summary>
    Ignored,

    /// <summary>Not an audit.k8s.io/v1 event.</summary>
    Bad,
}

/// <summary>
/// Reads one JSON line of the audit log backend with <see cref="Utf8JsonReader"/>. The first pass reads only up to
/// <c>user.username</c> (the log backend writes it after <c>stage</c>, <c>requestURI</c> and <c>verb</c>) and returns
/// without building anything when the event is another user's; only the profiled user's events are read in full.
/// </summary>
public static class AuditLineParser
{
    /// <summary>The only event schema read.</summary>
    public const string ApiVersion = "audit.k8s.io/v1";

    /// <summary>Classifies <paramref name="line"/>: the event when it is <paramref name="user"/>'s, else why not.</summary>
    /// <param name="line">One line without its line break.</param>
    /// <param name="user">The profiled user name, UTF-8.</param>
    /// <param name="ev">The event, for <see cref="AuditLineKind.Event"/>.</param>
    /// <param name="otherUser">The user name (as written) for <see cref="AuditLineKind.OtherUser"/>.</param>
    /// <param name="error">What is wrong, for <see cref="AuditLineKind.Bad"/>.</param>
    public static AuditLineKind Parse(ReadOnlySpan<byte> line, ReadOnlySpan<byte> user, out AuditEvent? ev, out ReadOnlySpan<byte> otherUser, out string? error)
    {
        ev = null;
        otherUser = default;
        error = null;
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return AuditLineKind.Blank;
        }

        try
        {
            var kind = Scan(line, user, out otherUser, out error);
            if (kind == AuditLineKind.Event)
            {
                ev = ReadEvent(line, out error);
                return ev is null ? AuditLineKind.Bad : AuditLineKind.Event;
            }

            return kind;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = $"not a JSON audit event ({FirstSentence(ex.Message)})";
            return AuditLineKind.Bad;
        }
    }

    private static AuditLineKind Scan(ReadOnlySpan<byte> line, ReadOnlySpan<byte> user, out ReadOnlySpan<byte> otherUser, out string? error)
    {
        otherUser = default;
        error = null;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "not a JSON object";
            return AuditLineKind.Bad;
        }

        var ignored = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiVersion"u8))
            {
                reader.Read();
                if (!reader.ValueTextEquals(ApiVersion))
                {
                    error = $"an event of apiVersion '{Text(ref reader)}'; gate profile reads {ApiVersion} events (the log backend's format)";
                    return AuditLineKind.Bad;
                }
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                if (!reader.ValueTextEquals("Event"u8))
                {
                    error = $"an object of kind '{Text(ref reader)}'; gate profile reads one Event per line";
                    return AuditLineKind.Bad;
                }
            }
            else if (reader.ValueTextEquals("stage"u8))
            {
                reader.Read();
                ignored = !reader.ValueTextEquals("ResponseComplete"u8) && !reader.ValueTextEquals("ResponseStarted"u8);
            }
            else if (reader.ValueTextEquals("user"u8))
            {
                reader.Read();
                var found = FindUserName(ref reader);
                if (!found.Found)
                {
                    error = "an event without user.username";
                    return AuditLineKind.Bad;
                }

                var raw = line.Slice(found.Start, found.Length);
                if (found.Escaped ? EscapedEquals(raw, user) : raw.SequenceEqual(user))
                {
                    return ignored ? AuditLineKind.Ignored : AuditLineKind.Event;
                }

                otherUser = raw;
                return ignored ? AuditLineKind.Ignored : AuditLineKind.OtherUser;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        error = "an event without user";
        return AuditLineKind.Bad;
    }

    /// <summary>Where <c>user.username</c>'s value is in the line.</summary>
    private readonly record struct UserName(int Start, int Length, bool Escaped, bool Found);

    private static bool EscapedEquals(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> user)
    {
        var quoted = new byte[raw.Length + 2];
        quoted[0] = (byte)'"';
        raw.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.ValueTextEquals(user);
    }

    private static UserName FindUserName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("username"u8);
            reader.Read();
            if (isName && reader.TokenType == JsonTokenType.String)
            {
                return new UserName((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.ValueIsEscaped, Found: true);
            }

            reader.Skip();
        }

        return default;
    }

    /// <summary>The second pass over a line of the profiled user: every field the grouping needs.</summary>
    private static AuditEvent? ReadEvent(ReadOnlySpan<byte> line, out string? error)
    {
        error = null;
        var reader = new Utf8JsonReader(line);
        reader.Read();
        var stage = AuditStage.ResponseComplete;
        string? verb = null, uri = null, node = null, pod = null, ip = null, resource = null, sub = null, ns = null, name = null;
        var group = string.Empty;
        var code = 0;
        DateTimeOffset? received = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "stage":
                    stage = reader.ValueTextEquals("ResponseStarted"u8) ? AuditStage.ResponseStarted : AuditStage.ResponseComplete;
                    break;
                case "verb":
                    verb = reader.GetString();
                    break;
                case "requestURI":
                    uri = reader.GetString();
                    break;
                case "user":
                    (node, pod) = ReadExtra(ref reader);
                    break;
                case "sourceIPs" when reader.TokenType == JsonTokenType.StartArray:
                    ip = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    SkipRest(ref reader);
                    break;
                case "objectRef" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var key = reader.GetString();
                        reader.Read();
                        var value = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 ? reader.GetString() : null;
                        reader.Skip();
                        switch (key)
                        {
                            case "resource": resource = value; break;
                            case "subresource": sub = value; break;
                            case "apiGroup": group = value ?? string.Empty; break;
                            case "namespace": ns = value; break;
                            case "name": name = value; break;
                            default: break;
                        }
                    }

                    break;
                case "responseStatus" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isCode = reader.ValueTextEquals("code"u8);
                        reader.Read();
                        if (isCode && reader.TokenType == JsonTokenType.Number)
                        {
                            code = reader.GetInt32();
                        }

                        reader.Skip();
                    }

                    break;
                case "requestReceivedTimestamp":
                    received = reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at) ? at : null;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (verb is null || uri is null || received is null)
        {
            error = $"an audit event without {(verb is null ? "verb" : uri is null ? "requestURI" : "a valid requestReceivedTimestamp")}";
            return null;
        }

        return new AuditEvent
        {
            Stage = stage, Verb = verb, RequestUri = uri, NodeName = node, PodName = pod, SourceIp = ip, Resource = resource,
            Subresource = sub, Group = group, Namespace = ns, Name = name, Code = code, Received = received.Value,
        };
    }

    /// <summary>The node and pod name a bound service-account token put in <c>user.extra</c>.</summary>
    private static (string? Node, string? Pod) ReadExtra(ref Utf8JsonReader reader)
    {
        string? node = null, pod = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isExtra = reader.ValueTextEquals("extra"u8);
            reader.Read();
            if (!isExtra || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isNode = reader.ValueTextEquals("authentication.kubernetes.io/node-name"u8);
                var isPod = reader.ValueTextEquals("authentication.kubernetes.io/pod-name"u8);
                reader.Read();
                if ((isNode || isPod) && reader.TokenType == JsonTokenType.StartArray)
                {
                    var value = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    SkipRest(ref reader);
                    node = isNode ? value : node;
                    pod = isPod ? value : pod;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return (node, pod);
    }

    /// <summary>Moves past the end of the array whose first element the reader is on.</summary>
    private static void SkipRest(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return;
        }

        reader.Skip();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
        }
    }

    private static string Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() ?? string.Empty : reader.TokenType.ToString();

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
