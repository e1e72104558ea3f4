using Microsoft.EntityFrameworkCore;
using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Register;

/// <summary>Reads the active estate register from the database into the domain's <see cref="EstateRegister"/>.</summary>
public static class EstateRegisterReader
{
    /// <summary>
    /// The active areas, sites, blocks, homes and tenants, each list in id order. Inactive rows (assets a later
    /// import no longer listed) are left out, so planning sees them as gone.
    /// </summary>
    public static async Task<EstateRegister> ReadAsync(EstateDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var areas = await db.Areas.AsNoTracking().Where(a => a.Active).OrderBy(a => a.Id)
            .Select(a => new Area(a.Id, a.Name)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var sites = (await db.Sites.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(s => new Site(s.Id, s.Name, s.AreaId, s.Postcode, s.Grass, s.Hedges, s.Hardstanding, AttributesJson.Read(s.Attributes)))
            .ToList();
        var blocks = (await db.Blocks.AsNoTracking().Where(b => b.Active).OrderBy(b => b.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(b => new Block(b.Id, b.SiteId, b.Name, b.AreaId, RegisterText.Cleaning(b.Cleaning), AttributesJson.Read(b.Attributes)))
            .ToList();
        var homes = (await db.Homes.AsNoTracking().Where(h => h.Active).OrderBy(h => h.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(h => new Home(h.Id, h.BlockId, h.SiteId, h.Address, h.Postcode, h.AreaId, h.Gas, h.LastGasCheck,
                h.KitchenYear, h.BathroomYear, h.BoilerYear, AttributesJson.Read(h.Attributes)))
            .ToList();
        var tenants = (await db.Tenants.AsNoTracking().Where(t => t.Active).OrderBy(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(t => new Tenant(t.Id, t.HomeId, t.Name, t.Email, t.Phone, RegisterText.Channel(t.Channel), t.LargePrint, t.Language))
            .ToList();
        return new EstateRegister(areas, sites, blocks, homes, tenants);
    }
}
