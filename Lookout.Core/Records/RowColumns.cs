namespace Lookout.Core.Records;

/// <summary>
/// The columns every report row may have whatever its kind (a kind's key fields are all the others), and
/// the one test of whether a name is one of them. Writers, the digest and the read API all use this list.
/// </summary>
public static class RowColumns
{
    public const string Type = "Type";
    public const string Url = "Url";
    public const string UserAgent = "UserAgent";
    public const string ReceivedAt = "ReceivedAt";
    public const string IncidentAt = "IncidentAt";
    public const string SourceFormat = "SourceFormat";
    public const string Site = "Site";
    public const string EnvelopeId = "EnvelopeId";
    public const string Fingerprint = "Fingerprint";
    public const string Title = "Title";
    public const string Noise = "Noise";
    public const string Scrubbed = "Scrubbed";
    public const string UnknownReason = "UnknownReason";
    public const string Body = "Body";
    public const string Raw = "Raw";
    public const string TruncatedFields = "TruncatedFields";

    /// <summary>Body and Raw longer than one string property continue in <c>BodyPart2</c>, <c>RawPart2</c>, …</summary>
    public static string PartOf(string column, int part) => part == 1 ? column : $"{column}Part{part}";

    /// <summary>Table Storage's own properties, present on every entity read back.</summary>
    public static bool IsSystem(string name) => name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    /// <summary>A column every row may have (as opposed to a kind's key field).</summary>
    public static bool IsOwn(string name) => name is Type or Url or UserAgent or ReceivedAt or IncidentAt or SourceFormat
        or Site or EnvelopeId or Fingerprint or Title or Noise or Scrubbed or UnknownReason or TruncatedFields || IsBodyOrRaw(name);

    /// <summary>Body, Raw, or one of their continuation parts.</summary>
    public static bool IsBodyOrRaw(string name) => name is Body or Raw
        || name.StartsWith(Body + "Part", StringComparison.Ordinal) || name.StartsWith(Raw + "Part", StringComparison.Ordinal);
}
