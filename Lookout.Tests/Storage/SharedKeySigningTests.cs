using System.Security.Cryptography;
using System.Text;
using Lookout.Storage.Auth;

namespace Lookout.Tests.Storage;

/// <summary>
/// The string-to-sign rules pinned against the examples of Microsoft's "Authorize with Shared Key"
/// page (REST API reference, Azure Storage), then the HMAC computed independently here.
/// </summary>
public sealed class SharedKeySigningTests
{

    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    [Fact]
    public void Blob_queue_shared_key_matches_the_documented_example()
    {
        // The page's example: GET of container metadata with timeout=20, x-ms-date and x-ms-version 2009-09-19,
        // giving "/myaccount/myaccount/mycontainer" (the path-style form the emulator also uses).
        var uri = new Uri("http://127.0.0.1:10000/myaccount/mycontainer?restype=container&comp=metadata&timeout=20");
        var headers = new[] { H("x-ms-version", "2009-09-19"), H("x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT") };
        var expected = "GET\n\n\n\n\n\n\n\n\n\n\n\n" +
                       "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n" +
                       "/myaccount/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20";
        Assert.Equal(expected, SharedKeySigning.BlobQueueStringToSign("GET", uri, headers, "myaccount"));
    }

    [Theory]
    // The page's canonicalized-resource examples for the 2009-09-19+ Shared Key format.
    [InlineData("https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata",
        "/myaccount/mycontainer\ncomp:metadata\nrestype:container")]
    [InlineData("https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=list&include=snapshots&include=metadata&include=uncommittedblobs",
        "/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container")]
    [InlineData("https://myaccount-secondary.blob.core.windows.net/mycontainer/myblob",
        "/myaccount/mycontainer/myblob")]
    // Path-style emulator queue: the account appears twice; query names lowercased, values decoded.
    [InlineData("http://127.0.0.1:10001/devstoreaccount1/myqueue/messages?NumOfMessages=32&visibilitytimeout=30",
        "/devstoreaccount1/devstoreaccount1/myqueue/messages\nnumofmessages:32\nvisibilitytimeout:30")]
    [InlineData("http://127.0.0.1:10001/devstoreaccount1/q/messages/id?popreceipt=AgAAAAMAAAAAAAAA%2Bv%2F%3D",
        "/devstoreaccount1/devstoreaccount1/q/messages/id\npopreceipt:AgAAAAMAAAAAAAAA+v/=")]
    public void Blob_queue_canonicalized_resource_matches_the_documented_examples(string url, string expected)
    {
        var account = url.Contains("devstoreaccount1", StringComparison.Ordinal) ? "devstoreaccount1" : "myaccount";
        Assert.Equal(expected, SharedKeySigning.BlobQueueCanonicalizedResource(new Uri(url), account));
    }

    [Fact]
    public void Blob_queue_shared_key_places_standard_headers_and_sorts_x_ms_headers()
    {
        var uri = new Uri("https://myaccount.queue.core.windows.net/myqueue/messages?messagettl=60");
        var headers = new[]
        {
            H("x-ms-version", "2020-12-06"), H("Content-Type", "application/xml; charset=utf-8"), H("Content-Length", "87"),
            H("x-ms-date", "Fri, 26 Jun 2015 23:39:12 GMT"), H("X-MS-Client-Request-Id", "  abc  "), H("Accept", "application/xml"),
        };
        var expected = "POST\n\n\n87\n\napplication/xml; charset=utf-8\n\n\n\n\n\n\n" +
                       "x-ms-client-request-id:abc\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2020-12-06\n" +
                       "/myaccount/myqueue/messages\nmessagettl:60";
        Assert.Equal(expected, SharedKeySigning.BlobQueueStringToSign("POST", uri, headers, "myaccount"));
        // A zero Content-Length is an empty line (versions 2015-02-21 and later).
        var empty = SharedKeySigning.BlobQueueStringToSign("PUT", uri, [H("Content-Length", "0"), H("x-ms-date", "d")], "myaccount");
        Assert.StartsWith("PUT\n\n\n\n\n\n\n\n\n\n\n\n", empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_shared_key_lite_matches_the_documented_example()
    {
        // The page's Table Shared Key Lite example: date and "/testaccount1/Tables".
        var uri = new Uri("https://testaccount1.table.core.windows.net/Tables");
        var headers = new[] { H("x-ms-date", "Sun, 11 Oct 2009 19:52:39 GMT") };
        Assert.Equal("Sun, 11 Oct 2009 19:52:39 GMT\n/testaccount1/Tables",
            SharedKeySigning.TableLiteStringToSign(uri, headers, "testaccount1"));
    }

    [Fact]
    public void Table_shared_key_is_verb_md5_type_date_and_resource_with_only_comp()
    {
        // Format from the page: VERB\nContent-MD5\nContent-Type\nDate\nCanonicalizedResource, x-ms-date used as Date.
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/mytable(PartitionKey='p',RowKey='r')?$select=A&comp=acl");
        var headers = new[]
        {
            H("Content-Type", "application/json"), H("x-ms-date", "Sun, 11 Oct 2009 19:52:39 GMT"), H("x-ms-version", "2019-02-02"),
            H("Date", "ignored when x-ms-date is present"),
        };
        Assert.Equal("PUT\n\napplication/json\nSun, 11 Oct 2009 19:52:39 GMT\n/devstoreaccount1/devstoreaccount1/mytable(PartitionKey='p',RowKey='r')?comp=acl",
            SharedKeySigning.TableStringToSign("PUT", uri, headers, "devstoreaccount1"));
        // The 2009-09-19 resource format example: "/myaccount/mycontainer?comp=metadata".
        Assert.Equal("/myaccount/mycontainer?comp=metadata",
            SharedKeySigning.TableCanonicalizedResource(new Uri("https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata"), "myaccount"));
        Assert.Equal("/myaccount/mytable()", SharedKeySigning.TableCanonicalizedResource(
            new Uri("https://myaccount.table.core.windows.net/mytable()?$filter=PartitionKey%20eq%20'x'&NextPartitionKey=1!8!cA--"), "myaccount"));
    }

    [Fact]
    public void Signature_is_base64_hmac_sha256_of_the_utf8_string_with_the_decoded_key()
    {
        var keyBytes = Enumerable.Range(1, 64).Select(i => (byte)(i * 7)).ToArray();
        var key = new StorageSharedKey("myaccount", Convert.ToBase64String(keyBytes));
        var stringToSign = "Sun, 11 Oct 2009 19:52:39 GMT\n/myaccount/Tables(ü)";
        using var hmac = new HMACSHA256(keyBytes);
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(expected, key.ComputeSignature(stringToSign));
        Assert.Equal("SharedKey", SharedKeySigning.AuthorizationScheme(SharedKeyScheme.Table));
        Assert.Equal("SharedKeyLite", SharedKeySigning.AuthorizationScheme(SharedKeyScheme.TableLite));
    }

    [Fact]
    public void X_ms_date_is_rfc1123()
    {
        Assert.Equal("Sun, 11 Oct 2009 21:49:13 GMT",
            SharedKeySigning.FormatDate(new DateTimeOffset(2009, 10, 11, 23, 49, 13, TimeSpan.FromHours(2))));
    }
}
