using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gate.Core.Reports;

/// <summary>Writes an indented JSON document to a string, with readable (unescaped) non-ASCII text and a final new line.</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            write(w);
        }

        // Decode straight from the stream's buffer with the final new line in it: a large report is not copied twice more.
        buffer.WriteByte((byte)'\n');
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
