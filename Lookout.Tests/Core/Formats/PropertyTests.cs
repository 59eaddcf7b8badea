using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Lookout.Core.Deliveries;
using Lookout.Core.Formats;

namespace Lookout.Tests.Formats;

/// <summary>No input makes the parser throw: random bytes and random mutations of the published fixtures.</summary>
public class PropertyTests
{
    private static readonly byte[][] Seeds = Directory
        .EnumerateFiles(Path.Combine(FormatTestKit.FixtureRoot, "published"), "*.*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
        .Select(File.ReadAllBytes).ToArray();

    private static readonly byte[] Tokens = Encoding.UTF8.GetBytes("{}[]\":,-0123456789.eE \\nulltruefalse\u00e9");

    private static bool NeverThrows(byte[] body)
    {
        foreach (var format in Enum.GetValues<WireFormat>())
        {
            var result = DeliveryParser.Parse(body, format);
            if (result.IsSuccess ? result.Reports.Count == 0 || result.Reports.Any(r => r.Raw is null || r.Body is null || r.Type.Length == 0)
                                 : string.IsNullOrEmpty(result.Error!.Message))
                return false;
        }
        return true;
    }

    [Fact]
    public void Random_bytes_never_throw() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), NeverThrows).QuickCheckThrowOnFailure();

    [Fact]
    public void Mutated_fixtures_never_throw()
    {
        var gen =
            from seed in Gen.Elements(Seeds)
            from edits in Gen.ListOf(Gen.Choose(0, int.MaxValue).Two().Select(t => (t.Item1, t.Item2))).Select(l => l.Take(8).ToArray())
            from mode in Gen.Choose(0, 3)
            select Mutate(seed, edits, mode);
        Prop.ForAll(gen.ToArbitrary(), NeverThrows).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    private static byte[] Mutate(byte[] seed, (int, int)[] edits, int mode)
    {
        var bytes = new List<byte>(seed);
        foreach (var (a, b) in edits)
        {
            if (bytes.Count == 0) break;
            var at = a % bytes.Count;
            switch ((mode + b) % 4)
            {
                case 0: bytes[at] = Tokens[b % Tokens.Length]; break;        // replace with a JSON-ish byte
                case 1: bytes.RemoveAt(at); break;                          // delete
                case 2: bytes.Insert(at, Tokens[b % Tokens.Length]); break; // insert
                default: bytes.RemoveRange(at, bytes.Count - at); break;    // truncate
            }
        }
        return [.. bytes];
    }
}
