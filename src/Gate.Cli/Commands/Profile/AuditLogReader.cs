using System.Buffers;
using System.IO.Compression;
using Gate.Core;
using Gate.Core.Manifests;
using Gate.Core.Profiling;

namespace Gate.Cli.Commands.Profile;

/// <summary>
/// Feeds audit log files (plain or gzip, told apart by the gzip magic bytes; <c>-</c> is standard input) to an
/// <see cref="AuditLogScanner"/> in 1 MiB chunks: memory does not grow with the file.
/// </summary>
internal static class AuditLogReader
{
    private const int ChunkBytes = 1 << 20;

    public static async Task ReadAsync(CliContext context, AuditLogScanner scanner, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count(p => p == "-") > 1)
        {
            throw new GateUsageException("'-' (standard input) was given twice", null, "pass '-' once");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var path in paths.TakeWhile(_ => !scanner.NotAnAuditLog))
            {
                var stream = path == "-" ? context.InputStream : Open(context, path);
                await using (stream.ConfigureAwait(false))
                {
                    scanner.BeginSource(path);
                    await ReadOneAsync(scanner, stream, path, buffer, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task ReadOneAsync(AuditLogScanner scanner, Stream stream, string path, byte[] buffer, CancellationToken cancellationToken)
    {
        // The first bytes decide plain or gzip; they are fed again through the decompressor when it is gzip.
        var head = await FillAsync(stream, buffer, 2, cancellationToken).ConfigureAwait(false);
        var gzip = head >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b;
        var input = gzip ? new GZipStream(new PrefixedStream(buffer.AsMemory(0, head).ToArray(), stream), CompressionMode.Decompress) : stream;
        try
        {
            if (!gzip)
            {
                scanner.Feed(buffer.AsSpan(0, head));
            }

            var read = 0;
            long total = 0;
            var last = gzip || head == 0 ? (byte)'\n' : buffer[head - 1];
            while (!scanner.NotAnAuditLog && (read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                scanner.Feed(buffer.AsSpan(0, read));
                total += read;
                last = buffer[read - 1];
            }

            if (scanner.NotAnAuditLog)
            {
                return;
            }

            scanner.EndSource(gzip && Truncated((PrefixedStream)((GZipStream)input).BaseStream, total, last) ? "the gzip stream ends early (truncated file)" : null);
        }
        catch (InvalidDataException ex) when (gzip)
        {
            scanner.EndSource($"the gzip stream is corrupt ({ex.Message.TrimEnd('.')})");
        }
        catch (IOException ex)
        {
            throw new GateUsageException($"cannot read {path}: {ex.Message}", SourcePosition.FileOnly(path), "check the file");
        }
        finally
        {
            if (gzip)
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A cut gzip file makes <see cref="GZipStream"/> just stop (no error). A whole one ends with its trailer, whose
    /// last 4 bytes are the uncompressed size mod 2^32 (RFC 1952, ISIZE): a mismatch means the file was cut, unless
    /// the data ends with a line break and the size is that of a last member of several (concatenated gzip files).
    /// </summary>
    private static bool Truncated(PrefixedStream compressed, long total, byte last)
    {
        var size = BitConverter.ToUInt32(compressed.LastBytes(4));
        return size != (uint)total && (last != (byte)'\n' || size > total);
    }

    private static async Task<int> FillAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total, count - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static FileStream Open(CliContext context, string path)
    {
        try
        {
            return new FileStream(context.ResolvePath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateUsageException(
                ex is FileNotFoundException or DirectoryNotFoundException ? "no such audit log" : $"cannot read the audit log: {ex.Message}",
                SourcePosition.FileOnly(path),
                "pass the log backend's file (kube-apiserver --audit-log-path), gzip or plain, or '-'");
        }
    }
}
