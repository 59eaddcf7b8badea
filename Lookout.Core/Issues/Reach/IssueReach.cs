namespace Lookout.Core.Issues.Reach;

/// <summary>
/// How far an issue reaches on one day (or, merged, over a range): distinct pages (origin + path) and distinct
/// document origins (sites), estimated by HyperLogLog; the most reported pages and browsers with counts. Kept in
/// the digest entity as one binary property (<see cref="ToBytes"/>, at most ~20 KB: the 64 KiB property limit is
/// never near) and merged in the group commit, and across days and shards on read.
/// </summary>
public sealed class IssueReach
{
    /// <summary>Pages: exact up to 256, then 0.81 % relative standard error (within 2 % ~98.6 % of the time); at most 12,290 bytes written.</summary>
    public const int PagePrecision = 14;

    /// <summary>Sites are far fewer than pages: exact up to 256, then 1.6 % relative standard error; at most 3,074 bytes written.</summary>
    public const int SitePrecision = 12;

    /// <summary>Clients (distinct user agents) matter only up to the few that make a report credible: exact up to 256, then 3.3 %; at most 770 bytes written.</summary>
    public const int ClientPrecision = 10;

    /// <summary>Pages and browsers listed with counts, and how many are kept to list them well.</summary>
    public const int TopPagesShown = 10, TopPagesKept = 20, TopBrowsersShown = 5, TopBrowsersKept = 10;

    /// <summary>Longest page text kept in the top list (origin + path; longer ones are cut).</summary>
    public const int MaxPageLength = 200;

    /// <summary>Version 2 adds <see cref="ClientCounter"/>; version 1 (written before it) reads with no clients counted.</summary>
    private const byte FormatVersion = 2, FormatVersionWithoutClients = 1;

    private IssueReach(DistinctCounter pages, DistinctCounter sites, TopCounter topPages, TopCounter browsers, DistinctCounter clients)
    {
        ClientCounter = clients;
        PageCounter = pages;
        SiteCounter = sites;
        TopPageCounter = topPages;
        BrowserCounter = browsers;
    }

    public IssueReach() : this(new DistinctCounter(PagePrecision), new DistinctCounter(SitePrecision), new TopCounter(TopPagesKept), new TopCounter(TopBrowsersKept),
        new DistinctCounter(ClientPrecision))
    {
    }

    public DistinctCounter PageCounter { get; }
    public DistinctCounter SiteCounter { get; }
    public TopCounter TopPageCounter { get; }
    public TopCounter BrowserCounter { get; }

    /// <summary>Distinct user agents: what policy advice counts as clients (<c>original-policy</c> is whatever a client sends).</summary>
    public DistinctCounter ClientCounter { get; }

    public long Pages => PageCounter.Estimate();
    public long Sites => SiteCounter.Estimate();
    public long Clients => ClientCounter.Estimate();
    public IReadOnlyList<TopEntry> TopPages => TopPageCounter.Top(TopPagesShown);
    public IReadOnlyList<TopEntry> Browsers => BrowserCounter.Top(TopBrowsersShown);

    /// <summary>Counts one report about <paramref name="url"/> (the document, or for NEL the failed URL) sent by <paramref name="userAgent"/>.</summary>
    public void Add(string? url, string? userAgent)
    {
        var page = UrlParts.OriginAndPath(url) ?? "(no url)";
        PageCounter.Add(page);
        SiteCounter.Add(UrlParts.Origin(url) ?? "(no origin)");
        TopPageCounter.Add(page.Length <= MaxPageLength ? page : page[..MaxPageLength]);
        BrowserCounter.Add(BrowserName.Of(userAgent));
        ClientCounter.AddHash(AgentHash(userAgent ?? "(no user agent)"));
    }

    // The reports of a delivery come from one browser: its User-Agent is hashed once per run of equal ones, not per report.
    [ThreadStatic] private static string? _lastAgent;
    [ThreadStatic] private static ulong _lastAgentHash;

    private static ulong AgentHash(string agent)
    {
        if (!string.Equals(agent, _lastAgent, StringComparison.Ordinal))
        {
            _lastAgentHash = DistinctCounter.Hash(agent);
            _lastAgent = agent;
        }
        return _lastAgentHash;
    }

    public void Merge(IssueReach other)
    {
        PageCounter.Merge(other.PageCounter);
        SiteCounter.Merge(other.SiteCounter);
        TopPageCounter.Merge(other.TopPageCounter);
        BrowserCounter.Merge(other.BrowserCounter);
        ClientCounter.Merge(other.ClientCounter);
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatVersion);
            PageCounter.Write(writer);
            SiteCounter.Write(writer);
            TopPageCounter.Write(writer);
            BrowserCounter.Write(writer);
            ClientCounter.Write(writer);
        }
        return stream.ToArray();
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote; null (never an exception) for bytes that are not a reach of a known version.</summary>
    public static IssueReach? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || bytes[0] is not (FormatVersion or FormatVersionWithoutClients))
            return null;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes[1..].ToArray()));
            var pages = DistinctCounter.Read(reader);
            var sites = DistinctCounter.Read(reader);
            if (pages.Precision != PagePrecision || sites.Precision != SitePrecision)
                return null;
            var (topPages, browsers) = (TopCounter.Read(reader), TopCounter.Read(reader));
            var clients = bytes[0] == FormatVersion ? DistinctCounter.Read(reader) : new DistinctCounter(ClientPrecision);
            return clients.Precision == ClientPrecision ? new IssueReach(pages, sites, topPages, browsers, clients) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentOutOfRangeException or FormatException)
        {
            return null;
        }
    }
}
