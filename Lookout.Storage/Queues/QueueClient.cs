using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Lookout.Storage.Http;

namespace Lookout.Storage;

/// <summary>
/// One queue of the Queue service REST API: create, exists, put, get, peek, delete, update visibility
/// and the approximate count. Every call goes through the Azure.Core pipeline (retry, logging,
/// cancellation); failures surface as <see cref="RequestFailedException"/>.
/// </summary>
public sealed class QueueClient
{
    /// <summary>The service's limit on the stored message text, in UTF-8 bytes (64 KiB).</summary>
    public const int MaxMessageBytes = 65536;

    /// <summary>Most messages one Get or Peek may return.</summary>
    public const int MaxMessagesPerGet = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly HttpPipeline _pipeline;
    private readonly Uri _queueUri;
    private readonly QueueMessageEncoding _encoding;

    public QueueClient(StorageAccount account, string name, QueueClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ValidateName(name);
        options ??= new QueueClientOptions();
        Name = name;
        _encoding = options.MessageEncoding;
        _queueUri = StoragePipeline.Append(account.RequireQueueEndpoint(), name);
        _pipeline = StoragePipeline.Build(options, account, table: false, QueueClientOptions.ServiceVersion);
    }

    public string Name { get; }

    public Uri Uri => _queueUri;

    /// <summary>Create Queue; an existing queue (204, or 409 QueueAlreadyExists) is success.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Put, "");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 409 && ErrorCode(message.Response) == "QueueAlreadyExists")
            return;
        StorageErrors.ThrowUnless(message.Response, 201, 204);
    }

    /// <summary>Get Queue Metadata: true on 200, false on 404.</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Get, "", ("comp", "metadata"));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 404)
            return false;
        StorageErrors.ThrowUnless(message.Response, 200);
        return true;
    }

    /// <summary>The x-ms-approximate-messages-count of Get Queue Metadata.</summary>
    public async Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Get, "", ("comp", "metadata"));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 200);
        return message.Response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            ? int.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>
    /// Put Message. The bytes become the message text per the encoding; text over
    /// <see cref="MaxMessageBytes"/> is rejected here, before any request. A <paramref name="timeToLive"/>
    /// of <see cref="Timeout.InfiniteTimeSpan"/> or <see cref="TimeSpan.MaxValue"/> means never expire.
    /// </summary>
    public async Task<SendReceipt> SendMessageAsync(BinaryData message, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = EncodeText(message);
        var query = new List<(string, string)>();
        if (visibilityTimeout is { } visibility)
            query.Add(("visibilitytimeout", Seconds(visibility, nameof(visibilityTimeout))));
        if (timeToLive is { } ttl)
            query.Add(("messagettl", ttl == Timeout.InfiniteTimeSpan || ttl == TimeSpan.MaxValue ? "-1" : Seconds(ttl, nameof(timeToLive))));

        using var request = Create(RequestMethod.Post, "/messages", [.. query]);
        request.Request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
        request.Request.Content = RequestContent.Create(_encoding == QueueMessageEncoding.Base64 ? Base64MessageXml(text) : MessageXml(text));
        await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(request.Response, 201);
        return ReadReceipt(request.Response);
    }

    // Put Message answers <QueueMessagesList><QueueMessage><MessageId>… once per call: a forward-only
    // read is enough (this is on Ingest's hot path).
    private static SendReceipt ReadReceipt(Response response)
    {
        string? id = null, popReceipt = null;
        DateTimeOffset inserted = default, expires = default, nextVisible = default;
        var stream = response.ContentStream ?? Stream.Null;
        if (stream.CanSeek) stream.Position = 0;
        using (var reader = XmlReader.Create(stream, new XmlReaderSettings { IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit }))
        {
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2)
                {
                    reader.Read();
                    continue;
                }
                var name = reader.LocalName;
                var value = reader.ReadElementContentAsString(); // also moves past the element
                switch (name)
                {
                    case "MessageId": id = value; break;
                    case "PopReceipt": popReceipt = value; break;
                    case "InsertionTime": inserted = ParseTime(value); break;
                    case "ExpirationTime": expires = ParseTime(value); break;
                    case "TimeNextVisible": nextVisible = ParseTime(value); break;
                }
            }
        }
        if (id is null)
            throw new RequestFailedException(response.Status, "Put Message answered without a message.");
        return new SendReceipt { MessageId = id, PopReceipt = popReceipt ?? "", InsertedOn = inserted, ExpiresOn = expires, NextVisibleOn = nextVisible };
    }

    /// <summary>Get Messages: up to <paramref name="maxMessages"/> (1–32), leased for the visibility timeout.</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerGet);
        var query = new List<(string, string)> { ("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture)) };
        if (visibilityTimeout is { } visibility)
            query.Add(("visibilitytimeout", Seconds(visibility, nameof(visibilityTimeout))));
        using var message = Create(RequestMethod.Get, "/messages", [.. query]);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 200);
        return Messages(message.Response).Select(e =>
        {
            var text = Text(e, "MessageText") ?? "";
            return new QueueMessage
            {
                MessageId = Text(e, "MessageId") ?? "",
                PopReceipt = Text(e, "PopReceipt") ?? "",
                DequeueCount = long.Parse(Text(e, "DequeueCount") ?? "0", CultureInfo.InvariantCulture),
                InsertedOn = Time(e, "InsertionTime"),
                ExpiresOn = Time(e, "ExpirationTime"),
                NextVisibleOn = Time(e, "TimeNextVisible"),
                MessageText = text,
                Body = DecodeText(text),
            };
        }).ToList();
    }

    /// <summary>Peek Messages: up to <paramref name="maxMessages"/> (1–32) without a lease.</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerGet);
        using var message = Create(RequestMethod.Get, "/messages",
            ("peekonly", "true"), ("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture)));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 200);
        return Messages(message.Response).Select(e =>
        {
            var text = Text(e, "MessageText") ?? "";
            return new PeekedMessage
            {
                MessageId = Text(e, "MessageId") ?? "",
                DequeueCount = long.Parse(Text(e, "DequeueCount") ?? "0", CultureInfo.InvariantCulture),
                InsertedOn = Time(e, "InsertionTime"),
                ExpiresOn = Time(e, "ExpirationTime"),
                MessageText = text,
                Body = DecodeText(text),
            };
        }).ToList();
    }

    /// <summary>Delete Message with the pop receipt of the current lease.</summary>
    public async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using var message = Create(RequestMethod.Delete, "/messages/" + Uri.EscapeDataString(messageId), ("popreceipt", popReceipt));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 204);
    }

    /// <summary>
    /// Update Message without new content: the message becomes visible again after
    /// <paramref name="visibilityTimeout"/>; the returned pop receipt replaces the old one.
    /// </summary>
    public async Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using var message = Create(RequestMethod.Put, "/messages/" + Uri.EscapeDataString(messageId),
            ("popreceipt", popReceipt), ("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout))));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 204);
        var headers = message.Response.Headers;
        return new UpdateReceipt
        {
            PopReceipt = headers.TryGetValue("x-ms-popreceipt", out var receipt) ? receipt : "",
            NextVisibleOn = headers.TryGetValue("x-ms-time-next-visible", out var next) ? ParseTime(next) : default,
        };
    }

    /// <summary>The message text for <paramref name="message"/> under this client's encoding; throws when too large.</summary>
    public string EncodeText(BinaryData message)
    {
        string text;
        if (_encoding == QueueMessageEncoding.Base64)
            text = Convert.ToBase64String(message.ToMemory().Span);
        else
        {
            try { text = StrictUtf8.GetString(message.ToMemory().Span); }
            catch (DecoderFallbackException e)
            {
                throw new ArgumentException("With MessageEncoding.None the message must be valid UTF-8 text.", nameof(message), e);
            }
        }
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > MaxMessageBytes)
            throw new ArgumentException(
                $"The encoded message text is {size} bytes; a queue message holds at most {MaxMessageBytes} bytes" +
                (_encoding == QueueMessageEncoding.Base64 ? $" ({MaxMessageBytes / 4 * 3} bytes before base64)." : "."),
                nameof(message));
        return text;
    }

    private BinaryData DecodeText(string text)
    {
        if (_encoding == QueueMessageEncoding.Base64)
        {
            var buffer = new byte[text.Length / 4 * 3 + 3];
            if (Convert.TryFromBase64String(text, buffer, out var written))
                return new BinaryData(buffer.AsMemory(0, written));
        }
        return BinaryData.FromString(text);
    }

    /// <summary>Base64 text needs no XML escaping: the request body is written directly.</summary>
    private static byte[] Base64MessageXml(string text) =>
        Encoding.UTF8.GetBytes(string.Concat("<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>", text, "</MessageText></QueueMessage>"));

    private static byte[] MessageXml(string text)
    {
        using var stream = new MemoryStream();
        // Entitize keeps "\r" as &#xD; so the stored text equals the sent text byte for byte;
        // characters XML cannot carry make the writer throw ArgumentException before any request.
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.Entitize };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("QueueMessage");
            writer.WriteElementString("MessageText", text);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private HttpMessage Create(RequestMethod method, string path, params (string Name, string Value)[] query)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_queueUri);
        if (path.Length > 0)
            request.Uri.AppendPath(path, escape: false);
        foreach (var (name, value) in query)
            request.Uri.AppendQuery(name, value, true);
        request.Headers.SetValue("Accept", "application/xml");
        return message;
    }

    private static IEnumerable<XElement> Messages(Response response)
    {
        var body = response.Content?.ToString();
        if (string.IsNullOrWhiteSpace(body))
            return [];
        var root = XDocument.Parse(body).Root;
        return root is null ? [] : root.Elements("QueueMessage");
    }

    private static string? Text(XElement element, string name) => element.Element(name)?.Value;

    // The service always sends these times; a missing or odd one reads as default rather than failing the call.
    private static DateTimeOffset Time(XElement element, string name) => Text(element, name) is { } s ? ParseTime(s) : default;

    private static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : default;

    private static string Seconds(TimeSpan value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, name);
        return ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    private static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : StorageErrors.Parse(response.Content?.ToString()).Code;

    /// <summary>Queue names: 3–63 of lowercase letters, digits and single hyphens, starting and ending alphanumeric.</summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ok = name.Length is >= 3 and <= 63
                 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
                 && name[0] != '-' && name[^1] != '-'
                 && !name.Contains("--", StringComparison.Ordinal);
        if (!ok)
            throw new ArgumentException($"'{name}' is not a valid queue name (3-63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen).", nameof(name));
    }
}
