using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Lookout.Core.Issues.Reach;

/// <summary>
/// A HyperLogLog sketch: how many distinct values were added, estimated from 2^precision small registers.
/// Relative standard error 1.04/√(2^precision): 0.81 % at precision 14 (16,384 registers), so an estimate is
/// within 2 % about 98.6 % of the time. Up to <see cref="ExactLimit"/> distinct values it keeps their 64-bit
/// hashes instead and counts exactly (a small issue's "40 pages" is 40). Mergeable (union of hashes, or
/// register-wise maximum: commutative, associative, idempotent; the result depends only on the union of what
/// was added), so counters of many group commits, shards and days add up to the counter of their union.
/// The estimator is Ertl's improved raw estimator (arXiv:1702.01284, "New cardinality estimation algorithms
/// for HyperLogLog sketches"), accurate from small to huge counts without bias tables.
/// </summary>
public sealed class DistinctCounter
{
    public const int MinPrecision = 4;
    public const int MaxPrecision = 16;

    /// <summary>Distinct hashes kept exactly (8 bytes each written) before the registers take over.</summary>
    public const int ExactLimit = 256;

    private readonly int _precision;
    private HashSet<ulong>? _exact = [];
    private byte[]? _registers;

    public DistinctCounter(int precision)
    {
        if (precision is < MinPrecision or > MaxPrecision)
            throw new ArgumentOutOfRangeException(nameof(precision));
        _precision = precision;
    }

    public int Precision => _precision;

    private int RegisterCount => 1 << _precision;

    /// <summary>The 64-bit hash values are counted by: the first 8 bytes of the UTF-8 text's SHA-256 (stable across processes).</summary>
    public static ulong Hash(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        var length = Encoding.UTF8.GetByteCount(value);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(value, bytes);
        SHA256.HashData(bytes, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    public void Add(string value) => AddHash(Hash(value));

    public void AddHash(ulong hash)
    {
        if (_exact is not null)
        {
            if (_exact.Add(hash) && _exact.Count > ExactLimit)
                ToRegisters();
            return;
        }
        var index = (int)(hash >> (64 - _precision));
        var rest = hash << _precision;
        // Rank: position of the first 1 bit after the index bits, 1-based; all zeros gives the largest rank.
        var rank = (byte)Math.Min(BitOperations.LeadingZeroCount(rest) + 1, 64 - _precision + 1);
        if (rank > _registers![index])
            _registers[index] = rank;
    }

    private void ToRegisters()
    {
        var hashes = _exact!;
        _exact = null;
        _registers = new byte[RegisterCount];
        foreach (var hash in hashes)
            AddHash(hash);
    }

    /// <summary>Adds every value <paramref name="other"/> has seen (both must have the same precision).</summary>
    public void Merge(DistinctCounter other)
    {
        if (other._precision != _precision)
            throw new ArgumentException($"Precision {other._precision} does not match {_precision}.", nameof(other));
        if (other._exact is not null)
        {
            foreach (var hash in other._exact)
                AddHash(hash);
            return;
        }
        if (_exact is not null)
            ToRegisters();
        for (var i = 0; i < _registers!.Length; i++)
            if (other._registers![i] > _registers[i])
                _registers[i] = other._registers[i];
    }

    /// <summary>The estimated number of distinct values added (0 for none).</summary>
    public long Estimate()
    {
        if (_exact is not null)
            return _exact.Count;
        var m = RegisterCount;
        var q = 64 - _precision;
        var histogram = new int[q + 2];
        foreach (var rank in _registers!)
            histogram[rank]++;
        var z = m * Tau(1 - (double)histogram[q + 1] / m);
        for (var k = q; k >= 1; k--)
            z = 0.5 * (z + histogram[k]);
        z += m * Sigma((double)histogram[0] / m);
        var alpha = 1 / (2 * Math.Log(2));
        return (long)Math.Round(alpha * m * m / z);
    }

    private static double Sigma(double x)
    {
        if (x == 1)
            return double.PositiveInfinity;
        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (z != previous);
        return z;
    }

    private static double Tau(double x)
    {
        if (x is 0 or 1)
            return 0;
        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= Math.Pow(1 - x, 2) * y;
        } while (z != previous);
        return z / 3;
    }

    /// <summary>Writes the precision, then the hashes (exact: 8 bytes each) or the registers (6 bits each: 12,288 bytes at precision 14).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write((byte)_precision);
        if (_exact is not null)
        {
            writer.Write((byte)0);
            writer.Write7BitEncodedInt(_exact.Count);
            foreach (var hash in _exact.Order())
                writer.Write(hash);
            return;
        }
        writer.Write((byte)1);
        for (var i = 0; i < _registers!.Length; i += 4)
        {
            // Four 6-bit registers in three bytes.
            var bits = (_registers[i] << 18) | (_registers[i + 1] << 12) | (_registers[i + 2] << 6) | _registers[i + 3];
            writer.Write((byte)(bits >> 16));
            writer.Write((byte)(bits >> 8));
            writer.Write((byte)bits);
        }
    }

    public static DistinctCounter Read(BinaryReader reader)
    {
        var counter = new DistinctCounter(reader.ReadByte());
        if (reader.ReadByte() == 0)
        {
            var count = reader.Read7BitEncodedInt();
            if (count is < 0 or > ExactLimit)
                throw new InvalidDataException("Too many exact hashes.");
            for (var i = 0; i < count; i++)
                counter._exact!.Add(reader.ReadUInt64());
            return counter;
        }
        counter._exact = null;
        counter._registers = new byte[counter.RegisterCount];
        var maxRank = 64 - counter._precision + 1;
        for (var i = 0; i < counter.RegisterCount; i += 4)
        {
            var bits = (reader.ReadByte() << 16) | (reader.ReadByte() << 8) | reader.ReadByte();
            for (var j = 0; j < 4; j++)
                counter._registers[i + j] = (byte)Math.Min((bits >> (18 - 6 * j)) & 63, maxRank);
        }
        return counter;
    }
}
