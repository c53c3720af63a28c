using System.Runtime.InteropServices;

namespace Gate.Cli.Input;

/// <summary>
/// The type of a file (regular, directory, device, FIFO, socket) after symbolic links, which .NET does not expose
/// (<see cref="FileSystemInfo.Attributes"/> says nothing of devices and FIFOs; <c>FileHandleType</c> arrives after
/// .NET 10 and needs an open handle, and opening a FIFO blocks). On Linux it is Linux's <c>statx(2)</c>, whose
/// buffer layout is the same on every architecture; elsewhere the type is unknown and the byte cap alone applies.
/// </summary>
internal static partial class FileKind
{
    /// <summary>A file's type.</summary>
    public enum Kind
    {
        Regular,
        Directory,
        CharacterDevice,
        BlockDevice,
        Fifo,
        Socket,
        Other,
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxBufferSize = 256;
    private const int ModeOffset = 28;

    /// <summary>The type of <paramref name="path"/> (symbolic links followed), or null when it cannot be told.</summary>
    public static Kind? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[StatxBufferSize];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        var mode = BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000;
        return mode switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0x2000 => Kind.CharacterDevice,
            0x6000 => Kind.BlockDevice,
            0x1000 => Kind.Fifo,
            0xC000 => Kind.Socket,
            _ => Kind.Other,
        };
    }

    /// <summary>How a message names <paramref name="kind"/>.</summary>
    public static string Describe(Kind kind) => kind switch
    {
        Kind.CharacterDevice => "character device",
        Kind.BlockDevice => "block device",
        Kind.Fifo => "FIFO (named pipe)",
        Kind.Socket => "socket",
        Kind.Directory => "folder",
        Kind.Regular => "file",
        _ => "special file",
    };

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
