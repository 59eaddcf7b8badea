using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lookout.Core.Sites;

/// <summary>
/// Which reports of a sampled delivery keep their rows: report <c>i</c> of envelope <c>id</c> is kept when the
/// first 8 bytes of SHA-256(<c>id_i</c>) modulo 1,000,000 fall below the envelope's share. A function of the
/// message alone, so a retried message keeps exactly the same reports.
/// </summary>
public static class Sampling
{
    public const int AllPpm = 1_000_000;

    public static bool Keeps(string envelopeId, int indexInDelivery, int keepPpm)
    {
        if (keepPpm >= AllPpm)
            return true;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{envelopeId}_{indexInDelivery}")), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash) % AllPpm < (ulong)keepPpm;
    }
}
