using Lookout.Storage;
using Lookout.Storage.Http;

namespace Lookout.Tests.Storage;

/// <summary>Error codes read from the service's XML and JSON error bodies, and from batch answers.</summary>
public sealed class ErrorParsingTests
{
    [Fact]
    public void Queue_xml_error()
    {
        const string body = """
            <?xml version="1.0" encoding="utf-8"?><Error><Code>QueueNotFound</Code><Message>The specified queue does not exist.
            RequestId:6c3b4e2a-0003-0032-5b2f-3ee5a7000000
            Time:2026-11-22T10:00:00.0000000Z</Message></Error>
            """;
        var (code, message) = StorageErrors.Parse(body);
        Assert.Equal("QueueNotFound", code);
        Assert.StartsWith("The specified queue does not exist.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_error_with_bom_and_extra_elements()
    {
        var (code, _) = StorageErrors.Parse("\uFEFF<?xml version=\"1.0\"?><Error><Code>MessageTooLarge</Code><Message>m</Message><MaxLimit>65536</MaxLimit></Error>");
        Assert.Equal("MessageTooLarge", code);
    }

    [Fact]
    public void Table_json_odata_error()
    {
        const string body = """{"odata.error":{"code":"TableNotFound","message":{"lang":"en-US","value":"The table specified does not exist.\nRequestId:x\nTime:y"}}}""";
        var (code, message) = StorageErrors.Parse(body);
        Assert.Equal("TableNotFound", code);
        Assert.StartsWith("The table specified does not exist.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_error_in_odata_v4_style()
    {
        var (code, message) = StorageErrors.Parse("""{"error":{"code":"EntityTooLarge","message":"The entity is larger than the maximum allowed size (1MB)."}}""");
        Assert.Equal("EntityTooLarge", code);
        Assert.Equal("The entity is larger than the maximum allowed size (1MB).", message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not an error")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("<broken")]
    [InlineData("{\"other\":1}")]
    [InlineData("[1,2]")]
    public void Unrecognised_bodies_give_no_code(string body) => Assert.Null(StorageErrors.Parse(body).Code);

    [Fact]
    public void A_failed_changeset_operation_throws_with_its_status_and_code()
    {
        const string body =
            "--batchresponse_7c5c1e2a\r\nContent-Type: multipart/mixed; boundary=changesetresponse_1f2e\r\n\r\n" +
            "--changesetresponse_1f2e\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 400 Bad Request\r\nX-Content-Type-Options: nosniff\r\nDataServiceVersion: 3.0;\r\n" +
            "Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"InvalidInput\",\"message\":{\"lang\":\"en-US\",\"value\":\"1:One of the request inputs is not valid.\"}}}\r\n" +
            "--changesetresponse_1f2e--\r\n--batchresponse_7c5c1e2a--\r\n";
        var error = Assert.Throws<Azure.RequestFailedException>(() => TableBatch.ThrowOnFailure(body));
        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidInput", error.ErrorCode);
        Assert.Contains("1:One of the request inputs is not valid.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_successful_changeset_does_not_throw()
    {
        const string body =
            "--batchresponse_a\r\nContent-Type: multipart/mixed; boundary=changesetresponse_b\r\n\r\n" +
            "--changesetresponse_b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nContent-ID: 1\r\nETag: W/\"datetime'2026-11-22T10%3A00%3A00.0000000Z'\"\r\n\r\n\r\n" +
            "--changesetresponse_b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nContent-ID: 2\r\n\r\n\r\n" +
            "--changesetresponse_b--\r\n--batchresponse_a--\r\n";
        TableBatch.ThrowOnFailure(body);
    }

    [Fact]
    public void The_batch_body_is_multipart_mixed_with_crlf_and_content_ids()
    {
        var (contentType, bytes) = TableBatch.Build(new Uri("http://127.0.0.1:10002/devstoreaccount1"), "mytable",
            [new TableEntity("p", "a") { ["X"] = 1L }, new TableEntity("p", "b'c")]);
        var body = System.Text.Encoding.UTF8.GetString(bytes);
        var batch = contentType["multipart/mixed; boundary=".Length..];
        Assert.StartsWith("batch_", batch, StringComparison.Ordinal);
        Assert.StartsWith("--" + batch + "\r\nContent-Type: multipart/mixed; boundary=changeset_", body, StringComparison.Ordinal);
        Assert.EndsWith("--\r\n--" + batch + "--\r\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", body.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("PUT http://127.0.0.1:10002/devstoreaccount1/mytable(PartitionKey='p',RowKey='a') HTTP/1.1\r\nContent-ID: 1\r\n", body, StringComparison.Ordinal);
        Assert.Contains("mytable(PartitionKey='p',RowKey='b%27%27c') HTTP/1.1\r\nContent-ID: 2\r\n", body, StringComparison.Ordinal);
        Assert.Contains("\"X\":\"1\",\"X@odata.type\":\"Edm.Int64\"", body, StringComparison.Ordinal);
    }
}
