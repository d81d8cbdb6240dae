/** Top-bar avatar menu: who I am, Account, Settings, Sign out. */
import { useNavigate } from "react-router-dom";
import { LogOut, Settings, UserRound } from "lucide-react";
import { useSession } from "../../stores/session";
import { signOutTo } from "../auth/reset";
import { Avatar } from "./Avatar";
import { Dropdown } from "./Dropdown";

export function AccountMenu() {
  const user = useSession((s) => s.user);
  const navigate = useNavigate();
  return (
    <Dropdown
      buttonLabel="Account menu"
      buttonClass="avatar-btn"
      buttonContent={<Avatar name={user?.name} email={user?.email} />}
      menuLabel="Account"
      align="end"
    >
      {(close) => (
        <>
          <div className="dd-header">
            <Avatar name={user?.name} email={user?.email} size={32} />
            <div className="dd-who">
              <div className="dd-name truncate">{user?.name || user?.email}</div>
              <div className="dd-email truncate">{user?.email}</div>
            </div>
          </div>
          <div className="menu-sep" role="separator" />
          <button role="menuitem" className="menu-item" onClick={() => { close(); navigate("/account"); }}>
            <UserRound size={15} aria-hidden="true" />Account
          </button>
          <button role="menuitem" className="menu-item" onClick={() => { close(); navigate("/settings"); }}>
            <Settings size={15} aria-hidden="true" />Settings
          </button>
          <div className="menu-sep" role="separator" />
          <button role="menuitem" className="menu-item" onClick={async () => {
            close();
            await signOutTo("/login");
          }}>
            <LogOut size={15} aria-hidden="true" />Sign out
          </button>
        </>
      )}
    </Dropdown>
  );
}
