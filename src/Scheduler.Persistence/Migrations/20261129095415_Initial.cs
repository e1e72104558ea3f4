using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "work_order_number");

            migrationBuilder.CreateTable(
                name: "areas",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_areas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "config_versions",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    first_applied_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_config_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    started_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    as_of = table.Column<LocalDate>(type: "date", nullable: false),
                    added = table.Column<int>(type: "integer", nullable: false),
                    updated = table.Column<int>(type: "integer", nullable: false),
                    deactivated = table.Column<int>(type: "integer", nullable: false),
                    reactivated = table.Column<int>(type: "integer", nullable: false),
                    unchanged = table.Column<int>(type: "integer", nullable: false),
                    cancelled_orders = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    idempotency_key = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    recipient_kind = table.Column<string>(type: "text", nullable: false),
                    recipient_id = table.Column<string>(type: "text", nullable: false),
                    work_order_ids = table.Column<List<long>>(type: "bigint[]", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    week_start = table.Column<LocalDate>(type: "date", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    lease_until = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                    table.CheckConstraint("ck_outbox_messages_kind", "kind IN ('contractor-order', 'contractor-programme', 'contractor-cancellation', 'tenant-letter')");
                    table.CheckConstraint("ck_outbox_messages_lease", "status <> 'sending' OR lease_until IS NOT NULL");
                    table.CheckConstraint("ck_outbox_messages_recipient_kind", "recipient_kind IN ('contractor', 'tenant')");
                    table.CheckConstraint("ck_outbox_messages_status", "status IN ('pending', 'sending', 'sent', 'dead', 'superseded')");
                });

            migrationBuilder.CreateTable(
                name: "work_order_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    work_order_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    from_status = table.Column<string>(type: "text", nullable: true),
                    to_status = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    config_version = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_order_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "work_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    reference = table.Column<string>(type: "text", nullable: false),
                    schedule_id = table.Column<string>(type: "text", nullable: false),
                    service = table.Column<string>(type: "text", nullable: false),
                    asset_id = table.Column<string>(type: "text", nullable: false),
                    asset_kind = table.Column<string>(type: "text", nullable: false),
                    window_start = table.Column<LocalDate>(type: "date", nullable: false),
                    window_end = table.Column<LocalDate>(type: "date", nullable: false),
                    target_date = table.Column<LocalDate>(type: "date", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    contractor_id = table.Column<string>(type: "text", nullable: true),
                    parent_id = table.Column<long>(type: "bigint", nullable: true),
                    occurrence_key = table.Column<string>(type: "text", nullable: false),
                    config_version = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    cancelled_reason = table.Column<string>(type: "text", nullable: true),
                    completed_on = table.Column<LocalDate>(type: "date", nullable: true),
                    deadline = table.Column<LocalDate>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_orders", x => x.id);
                    table.CheckConstraint("ck_work_orders_asset_kind", "asset_kind IN ('site', 'block', 'property')");
                    table.CheckConstraint("ck_work_orders_status", "status IN ('planned', 'issued', 'appointed', 'completed', 'no-access', 'cancelled')");
                    table.CheckConstraint("ck_work_orders_window", "window_start <= window_end");
                    table.ForeignKey(
                        name: "fk_work_orders_work_orders_parent_id",
                        column: x => x.parent_id,
                        principalTable: "work_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sites",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    area_id = table.Column<string>(type: "text", nullable: false),
                    postcode = table.Column<string>(type: "text", nullable: false),
                    grass = table.Column<bool>(type: "boolean", nullable: false),
                    hedges = table.Column<bool>(type: "boolean", nullable: false),
                    hardstanding = table.Column<bool>(type: "boolean", nullable: false),
                    attributes = table.Column<string>(type: "jsonb", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sites", x => x.id);
                    table.ForeignKey(
                        name: "fk_sites_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contractors",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    email = table.Column<string>(type: "text", nullable: false),
                    services = table.Column<List<string>>(type: "text[]", nullable: false),
                    areas = table.Column<List<string>>(type: "text[]", nullable: false),
                    dispatch = table.Column<string>(type: "text", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    config_version = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contractors", x => x.id);
                    table.CheckConstraint("ck_contractors_dispatch", "dispatch IN ('per-order', 'weekly')");
                    table.ForeignKey(
                        name: "fk_contractors_config_versions_config_version",
                        column: x => x.config_version,
                        principalTable: "config_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "register_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    import_run_id = table.Column<long>(type: "bigint", nullable: false),
                    entity = table.Column<string>(type: "text", nullable: false),
                    entity_id = table.Column<string>(type: "text", nullable: false),
                    change = table.Column<string>(type: "text", nullable: false),
                    fields = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_register_changes", x => x.id);
                    table.CheckConstraint("ck_register_changes_change", "change IN ('added', 'updated', 'deactivated', 'reactivated')");
                    table.ForeignKey(
                        name: "fk_register_changes_import_runs_import_run_id",
                        column: x => x.import_run_id,
                        principalTable: "import_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "blocks",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    site_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    area_id = table.Column<string>(type: "text", nullable: false),
                    cleaning = table.Column<string>(type: "text", nullable: false),
                    attributes = table.Column<string>(type: "jsonb", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blocks", x => x.id);
                    table.CheckConstraint("ck_blocks_cleaning", "cleaning IN ('weekly', 'fortnightly', 'monthly', 'none')");
                    table.ForeignKey(
                        name: "fk_blocks_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_blocks_sites_site_id",
                        column: x => x.site_id,
                        principalTable: "sites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "homes",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    block_id = table.Column<string>(type: "text", nullable: true),
                    site_id = table.Column<string>(type: "text", nullable: true),
                    address = table.Column<string>(type: "text", nullable: false),
                    postcode = table.Column<string>(type: "text", nullable: false),
                    area_id = table.Column<string>(type: "text", nullable: false),
                    gas = table.Column<bool>(type: "boolean", nullable: false),
                    last_gas_check = table.Column<LocalDate>(type: "date", nullable: true),
                    kitchen_year = table.Column<int>(type: "integer", nullable: true),
                    bathroom_year = table.Column<int>(type: "integer", nullable: true),
                    boiler_year = table.Column<int>(type: "integer", nullable: true),
                    attributes = table.Column<string>(type: "jsonb", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_homes", x => x.id);
                    table.ForeignKey(
                        name: "fk_homes_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_homes_blocks_block_id",
                        column: x => x.block_id,
                        principalTable: "blocks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_homes_sites_site_id",
                        column: x => x.site_id,
                        principalTable: "sites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    home_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    email = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: false),
                    large_print = table.Column<bool>(type: "boolean", nullable: false),
                    language = table.Column<string>(type: "text", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                    table.CheckConstraint("ck_tenants_channel", "channel IN ('email', 'post')");
                    table.ForeignKey(
                        name: "fk_tenants_homes_home_id",
                        column: x => x.home_id,
                        principalTable: "homes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blocks_area_id",
                table: "blocks",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_blocks_site_id",
                table: "blocks",
                column: "site_id");

            migrationBuilder.CreateIndex(
                name: "ix_contractors_config_version",
                table: "contractors",
                column: "config_version");

            migrationBuilder.CreateIndex(
                name: "ix_homes_area_id",
                table: "homes",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_homes_block_id",
                table: "homes",
                column: "block_id");

            migrationBuilder.CreateIndex(
                name: "ix_homes_site_id",
                table: "homes",
                column: "site_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_idempotency_key",
                table: "outbox_messages",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_open",
                table: "outbox_messages",
                column: "id",
                filter: "status IN ('pending', 'sending')");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_status",
                table: "outbox_messages",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_work_order_ids",
                table: "outbox_messages",
                column: "work_order_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_register_changes_entity_entity_id",
                table: "register_changes",
                columns: new[] { "entity", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_register_changes_import_run_id",
                table: "register_changes",
                column: "import_run_id");

            migrationBuilder.CreateIndex(
                name: "ix_sites_area_id",
                table: "sites",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_tenants_home_id",
                table: "tenants",
                column: "home_id");

            migrationBuilder.CreateIndex(
                name: "ix_work_order_events_work_order_id",
                table: "work_order_events",
                column: "work_order_id");

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_asset_id_schedule_id",
                table: "work_orders",
                columns: new[] { "asset_id", "schedule_id" });

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_contractor_id",
                table: "work_orders",
                column: "contractor_id");

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_occurrence_key",
                table: "work_orders",
                column: "occurrence_key",
                unique: true,
                filter: "status <> 'cancelled'");

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_parent_id",
                table: "work_orders",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_reference",
                table: "work_orders",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_target_date",
                table: "work_orders",
                column: "target_date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever add; dropping the estate's tables would lose its history.
        }
    }
}
