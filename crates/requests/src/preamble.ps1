param(
    # How long to wait for Graph to show one step processed.
    [int] $TimeoutMinutes = 60,
    # How often to look.
    [int] $PollSeconds = 30
)

$ErrorActionPreference = 'Stop'
$Step = $null
# The expectation being checked, named in its failure.
$Check = $null

function Get-Graph([string] $Uri) {
    Invoke-MgGraphRequest -Method GET -Uri $Uri -OutputType PSObject
}

# Every item of a list, following its @odata.nextLink pages.
function Get-GraphList([string] $Uri) {
    $items = @()
    while ($Uri) {
        $page = Get-Graph $Uri
        $items += @($page.value)
        $Uri = $page.'@odata.nextLink'
    }
    $items
}

function Fail([string] $Message) {
    if ($Check) { throw "Step ${Step}, ${Check}: $Message" }
    throw "Step ${Step}: $Message"
}

# Polls $Done until it returns true; throws after $TimeoutMinutes.
function Wait-Until([string] $What, [scriptblock] $Done) {
    $deadline = (Get-Date).AddMinutes($TimeoutMinutes)
    while (-not (& $Done)) {
        if ((Get-Date) -gt $deadline) {
            Fail "gave up after $TimeoutMinutes minutes waiting for $What"
        }
        Write-Host "Step ${Step}: waiting for $What"
        Start-Sleep -Seconds $PollSeconds
    }
}

function Wait-GroupProcessed([string] $Uri, [string] $Group) {
    Wait-Until "group $Group's licenseProcessingState to be ProcessingComplete" {
        (Get-Graph $Uri).licenseProcessingState.state -eq 'ProcessingComplete'
    }
}

function Wait-UserRows([string] $Uri, [string] $User, [string] $Group, [string[]] $SkuIds, [bool] $Present) {
    $what = if ($Present) { "user $User's licenses from group $Group" } else { "user $User's licenses from group $Group to go" }
    Wait-Until $what {
        $rows = @((Get-Graph $Uri).licenseAssignmentStates | Where-Object { $_.assignedByGroup -eq $Group })
        $found = @($SkuIds | Where-Object { $rows.skuId -contains $_ })
        if ($Present) { $found.Count -eq $SkuIds.Count } else { $found.Count -eq 0 }
    }
}

function Wait-ByHand([string] $Text) {
    Write-Host "Step ${Step} is done by hand: $Text"
    Read-Host 'Press Enter when it is done' | Out-Null
}

function Assert-Holds([string] $Uri, [string] $User, [string] $SkuId, [bool] $Holds) {
    $has = @((Get-Graph $Uri).assignedLicenses | Where-Object { $_.skuId -eq $SkuId }).Count -gt 0
    if ($has -ne $Holds) {
        Fail "expected user $User $(if ($Holds) { 'to hold' } else { 'not to hold' }) product $SkuId (assignedLicenses)"
    }
}

function Assert-EnabledPlans([string] $Uri, [string] $User, [string] $SkuId, [string[]] $ProductPlans, [string[]] $Enabled) {
    $rows = @((Get-Graph $Uri).licenseAssignmentStates |
        Where-Object { $_.skuId -eq $SkuId -and ($_.state -eq 'Active' -or $_.state -eq 'ActiveWithError') })
    $actual = @($ProductPlans | Where-Object { $plan = $_; @($rows | Where-Object { $_.disabledPlans -notcontains $plan }).Count -gt 0 })
    if ((@($actual | Sort-Object) -join ',') -ne (@($Enabled | Sort-Object) -join ',')) {
        Fail "expected user $User's enabled plans of $SkuId to be [$($Enabled -join ', ')], Graph shows [$($actual -join ', ')]"
    }
}

function Assert-Row([string] $Uri, [string] $User, [string] $SkuId, [string] $Group, [string] $State, [string] $ExpectedError) {
    $row = @((Get-Graph $Uri).licenseAssignmentStates |
        Where-Object { $_.skuId -eq $SkuId -and [string] $_.assignedByGroup -eq $Group })
    $path = if ($Group) { "from group $Group" } else { 'assigned directly' }
    if ($row.Count -eq 0) { Fail "expected user $User to have a row of $SkuId $path; it has none" }
    $actualError = if ($row[0].error) { $row[0].error } else { 'None' }
    if ($row[0].state -ne $State -or $actualError -ne $ExpectedError) {
        Fail "expected user $User's row of $SkuId $path to be $State/$ExpectedError, Graph shows $($row[0].state)/$actualError"
    }
}

function Assert-ConsumedUnits([string] $Uri, [string] $SkuId, [int] $Expected) {
    $sku = @(Get-GraphList $Uri | Where-Object { $_.skuId -eq $SkuId })
    if ($sku.Count -eq 0) { Fail "product $SkuId is not in subscribedSkus" }
    if ($sku[0].consumedUnits -ne $Expected) {
        Fail "expected $Expected consumedUnits of $SkuId, Graph shows $($sku[0].consumedUnits)"
    }
}

function Assert-GroupMembers([string] $Uri, [string] $Group, [string[]] $Members) {
    $actual = @(Get-GraphList $Uri | ForEach-Object { $_.id })
    if ((@($actual | Sort-Object) -join ',') -ne (@($Members | Sort-Object) -join ',')) {
        Fail "expected group $Group's members to be [$($Members -join ', ')], Graph shows [$($actual -join ', ')]"
    }
}

function Assert-GroupErrors([string] $Uri, [string] $Group, [int] $Expected) {
    $actual = @(Get-GraphList $Uri).Count
    if ($actual -ne $Expected) {
        Fail "expected $Expected members of group $Group with license errors, Graph shows $actual"
    }
}
