namespace Gate.Cli.Commands.Profile;

/// <summary>
/// A read-only stream of some bytes already read (to sniff the format) followed by the rest of another stream; keeps
/// the last bytes that went through it (the gzip trailer).
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
{
    private readonly byte[] tail = new byte[8];
    private int offset;
    private long passed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => passed; set => throw new NotSupportedException(); }

    /// <summary>The last <paramref name="count"/> (at most 8) bytes read, in stream order.</summary>
    public byte[] LastBytes(int count)
    {
        var n = (int)Math.Min(count, Math.Min(passed, tail.Length));
        var result = new byte[count];
        for (var i = 0; i < n; i++)
        {
            result[count - n + i] = tail[(int)((passed - n + i) % tail.Length)];
        }

        return result;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = offset < prefix.Length ? Take(buffer) : inner.Read(buffer);
        Remember(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = offset < prefix.Length ? Take(buffer.Span) : await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Remember(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, prefix.Length - offset);
        prefix.AsSpan(offset, n).CopyTo(buffer);
        offset += n;
        return n;
    }

    private void Remember(ReadOnlySpan<byte> bytes)
    {
        var skip = Math.Max(0, bytes.Length - tail.Length);
        passed += skip;
        foreach (var b in bytes[skip..])
        {
            tail[(int)(passed % tail.Length)] = b;
            passed++;
        }
    }
}
