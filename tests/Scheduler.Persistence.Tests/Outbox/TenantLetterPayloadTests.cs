using NodaTime;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Tests.Outbox;

public class TenantLetterPayloadTests
{
    [Fact]
    public void ToJson_AppointmentLetter_IsCamelCaseWithIsoDateAndNoNulls()
    {
        var payload = new TenantLetterPayload(TenantLetterKinds.AppointmentFirst, "P001", "WO-2027-000123", "gas-safety", new LocalDate(2027, 3, 4), "AM");

        Assert.Equal(
            """{"letter":"appointment-first","homeId":"P001","reference":"WO-2027-000123","service":"gas-safety","date":"2027-03-04","slot":"AM"}""",
            payload.ToJson());
    }

    [Fact]
    public void FromJson_RoundTrip_GivesTheSameFacts()
    {
        var payload = new TenantLetterPayload(TenantLetterKinds.Improvement, "P002", Year: 2028, Components: ["kitchen", "bathroom"]);

        var read = TenantLetterPayload.FromJson(payload.ToJson());

        Assert.Equal((payload.Letter, payload.HomeId, payload.Year), (read.Letter, read.HomeId, read.Year));
        Assert.Equal(["kitchen", "bathroom"], read.Components);
        Assert.Null(read.Date);
    }
}
