using System.Text;

namespace Gate.Core.Manifests;

/// <summary>Decodes input bytes strictly: UTF-8 (optional BOM) or UTF-16 with a BOM; invalid bytes are an input error.</summary>
public static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="GateUsageException"/> at the first invalid byte.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string file)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var bigEndian = bytes[0] == 0xFE;
            var utf16 = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true);
            return DecodeWith(utf16, bytes[2..], file, "UTF-16");
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        return DecodeWith(StrictUtf8, bytes, file, "UTF-8");
    }

    private static string DecodeWith(Encoding encoding, ReadOnlySpan<byte> bytes, string file, string name)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Clamp(ex.Index, 0, bytes.Length);
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < offset; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            throw new GateUsageException(
                $"invalid {name} at byte {offset}",
                new SourcePosition(file, line, offset - lineStart + 1),
                "save the file as UTF-8",
                ex);
        }
    }
}
